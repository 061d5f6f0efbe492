// Tests how core/store/store.cpp and sqlite_db.cpp fail: a newer schema, corrupted and foreign
// files, a read-only file, a locked database and a full disk each give a StoreError naming the
// file, and what was stored before is still there; a second connection in the process leaves the
// first one's locks (and so the WAL other processes read) alone.
#include "core/store/schema.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace persona::store;

namespace {

std::string readAll(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs `body` and returns the StoreError message it threw ("" when it did not throw).
template <typename F>
std::string storeErrorOf(F&& body)
{
    try {
        body();
    } catch (const persona::StoreError& e) {
        return e.what();
    }
    return {};
}

// A store with two runs and some points, closed (its WAL checkpointed into the main file).
void makeStore(const std::filesystem::path& path)
{
    Store store(path);
    for (int r = 0; r < 2; ++r) {
        const auto id = store.createRun(NewRun{"run" + std::to_string(r), "persoma", {{"lr", 0.1}}, r, "", std::nullopt, "", ""});
        std::vector<MetricPoint> pts;
        for (int s = 0; s < 200; ++s)
            pts.push_back({s, "loss", 1.0 / (s + 1)});
        store.addMetricPoints(id, pts);
    }
}

void expectIntact(const std::filesystem::path& path)
{
    StoreOptions ro;
    ro.readOnly = true;
    Store store(path, ro);
    QCOMPARE(store.listRuns().size(), std::size_t(2));
    QCOMPARE(store.database().scalarInt("SELECT count(*) FROM metric_points"), std::int64_t(400));
    QCOMPARE(store.integrityCheck(), std::vector<std::string>{"ok"});
}

// The child process of runsSeenByAnotherProcess: opens the store with plain SQLite, counts its runs
// and closes it (a connection that finds itself the last one checkpoints the WAL and deletes it).
// Exit status: the count, 255 on failure.
int countRunsAndClose(const char* path)
{
    sqlite3* db = nullptr;
    int runs = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            runs = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return runs < 0 ? 255 : runs;
}

// Runs this test executable again as a separate process (a fork alone would inherit this process's
// SQLite lock bookkeeping) with kChildEnv naming the store. -1 when that fails.
constexpr const char* kChildEnv = "PERSONA_TEST_COUNT_RUNS_OF";
int runsSeenByAnotherProcess(const std::filesystem::path& path)
{
    const std::string env = std::string(kChildEnv) + "=" + path.string();
    char* const argv[] = {const_cast<char*>("test_store_failures"), nullptr};
    char* const envp[] = {const_cast<char*>(env.c_str()), nullptr};
    pid_t pid = 0;
    if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, envp) != 0)
        return -1;
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) == 255)
        return -1;
    return WEXITSTATUS(status);
}

} // namespace

class TestStoreFailures : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path file(const char* name) const { return std::filesystem::path(m_dir.path().toStdString()) / name; }

private slots:
    void newerSchemaIsRefusedUntouched()
    {
        const auto path = file("newer.sqlite");
        makeStore(path);
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        const std::string before = readAll(path);
        const std::string msg = storeErrorOf([&] { Store store(path); });
        QVERIFY2(msg.find("newer") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("99") != std::string::npos, msg.c_str());
        QCOMPARE(readAll(path), before); // not even switched to WAL
        QVERIFY(!std::filesystem::exists(path.string() + "-wal"));
    }

    void corruptedHeaderIsRefusedUntouched()
    {
        const auto path = file("garbage_header.sqlite");
        makeStore(path);
        std::string bytes = readAll(path);
        for (std::size_t i = 0; i < 4096; ++i)
            bytes[i] = static_cast<char>((i * 131 + 7) & 0xff);
        std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        const std::string msg = storeErrorOf([&] { Store store(path); });
        QVERIFY2(msg.find("corrupted") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
        QCOMPARE(readAll(path), bytes);

        const auto text = file("notes.txt");
        std::ofstream(text) << "these are my notes, not a store\n";
        QVERIFY(storeErrorOf([&] { Store store(text); }).find("not an experiment store") != std::string::npos);
    }

    // A second connection opened in this process (the GUI's Runs view while its worker trains) must
    // not drop the first one's locks: a plain open()/close() of the file releases every POSIX lock the
    // process holds on it, and then another process closing its connection takes itself for the last
    // one, checkpoints and deletes the WAL, and the first connection's later writes go to the deleted
    // file (lost to every other process, and to the store when this one dies).
    void secondConnectionKeepsTheFirstOnesLocks()
    {
        const auto path = file("two_connections.sqlite");
        Store writer(path);
        writer.createRun(NewRun{"first", "persoma", {}, 0, "", std::nullopt, "", ""});
        {
            Store reader(path); // opens and checks the same file
            QCOMPARE(reader.listRuns().size(), std::size_t(1));
        }
        QCOMPARE(runsSeenByAnotherProcess(path), 1);
        QVERIFY2(std::filesystem::exists(path.string() + "-wal"), "the WAL was deleted under an open connection");
        writer.createRun(NewRun{"second", "persoma", {}, 0, "", std::nullopt, "", ""});
        QCOMPARE(runsSeenByAnotherProcess(path), 2);
    }

    void corruptedPagesAreReported()
    {
        const auto path = file("garbage_pages.sqlite");
        makeStore(path);
        std::string bytes = readAll(path);
        QVERIFY(bytes.size() > 4 * 4096);
        // Garbage over every page but the first (the header and catalogue root stay readable).
        for (std::size_t i = 4096; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
        std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        // The damage must surface as a StoreError naming the file: on open, or on the first read.
        const std::string msg = storeErrorOf([&] {
            Store store(path);
            store.listRuns();
            store.metricPoints(1);
        });
        QVERIFY2(msg.find("corrupted") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
    }

    void readOnlyFile()
    {
        const auto path = file("readonly.sqlite");
        makeStore(path);
        if (::geteuid() != 0) {
            // A write-protected file opened for writing: a clear message and nothing changed.
            ::chmod(path.c_str(), 0444);
            const std::string msg = storeErrorOf([&] { Store store(path); });
            QVERIFY2(msg.find("read-only") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
            ::chmod(path.c_str(), 0644);
        } else {
            qInfo("running as root, where chmod does not stop writes: testing the read-only open flag instead");
        }
        StoreOptions ro;
        ro.readOnly = true;
        {
            Store store(path, ro);
            QCOMPARE(store.listRuns().size(), std::size_t(2));
            const std::string msg = storeErrorOf([&] { store.createRun(NewRun{"x", "persoma", {}, 0, "", std::nullopt, "", ""}); });
            QVERIFY2(msg.find("read-only") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
            const std::string msg2 = storeErrorOf([&] { store.addMetricPoints(1, std::vector<MetricPoint>{{999, "loss", 0.0}}); });
            QVERIFY2(msg2.find("read-only") != std::string::npos, msg2.c_str());
        }
        QVERIFY(storeErrorOf([&] { Store store(file("missing.sqlite"), ro); }).find("no such store") != std::string::npos);
        expectIntact(path);
    }

    void lockedDatabase()
    {
        const auto path = file("locked.sqlite");
        makeStore(path);
        sqlite3* holder = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
        QCOMPARE(sqlite3_exec(holder, "BEGIN EXCLUSIVE; INSERT INTO datasets (path, format, created_at) VALUES ('x', 'y', 0)",
                              nullptr, nullptr, nullptr), SQLITE_OK);
        {
            StoreOptions quick;
            quick.busyTimeoutMs = 100;
            Store store(path, quick); // WAL: a reader gets in while another connection writes
            QCOMPARE(store.listRuns().size(), std::size_t(2));
            QElapsedTimer timer;
            timer.start();
            const std::string msg = storeErrorOf([&] { store.addMetricPoints(1, std::vector<MetricPoint>{{500, "loss", 0.5}}); });
            QVERIFY2(msg.find("locked") != std::string::npos && msg.find("waited 100 ms") != std::string::npos &&
                         msg.find(path.string()) != std::string::npos, msg.c_str());
            QVERIFY(timer.elapsed() >= 90);
            QCOMPARE(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
            store.addMetricPoints(1, std::vector<MetricPoint>{{500, "loss", 0.5}}); // free again
            QCOMPARE(store.metricPointCount(1), std::int64_t(201));
        }
        sqlite3_close(holder);
    }

    void diskFullBySizeLimit()
    {
        // SQLite's max_page_count makes the store "full" exactly as a full disk does (SQLITE_FULL);
        // the tmpfs test below does it with a real file system when mounting is allowed.
        const auto path = file("full_pages.sqlite");
        makeStore(path);
        {
            Store store(path);
            const auto pages = store.database().scalarInt("PRAGMA page_count");
            store.database().execScript("PRAGMA max_page_count = " + std::to_string(pages + 2));
            std::vector<MetricPoint> big;
            for (int s = 0; s < 20000; ++s)
                big.push_back({1000 + s, "a_long_metric_name_to_fill_pages", s * 0.5});
            const std::string msg = storeErrorOf([&] { store.addMetricPoints(1, big); });
            QVERIFY2(msg.find("full") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
            QVERIFY(msg.find("rolled back") != std::string::npos);
            QCOMPARE(store.metricPointCount(1), std::int64_t(200));
        }
        expectIntact(path);
    }

    void diskFullOnTmpfs()
    {
        const auto mountPoint = file("tmpfs");
        std::filesystem::create_directories(mountPoint);
        if (::mount("tmpfs", mountPoint.c_str(), "tmpfs", 0, "size=512k") != 0)
            QSKIP("cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN); diskFullBySizeLimit covers SQLITE_FULL");
        struct Unmount {
            std::filesystem::path p;
            ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
        } unmount{mountPoint};
        const auto path = mountPoint / "store.sqlite";
        makeStore(path);
        std::string msg;
        {
            Store store(path);
            for (int round = 0; round < 200 && msg.empty(); ++round) {
                std::vector<MetricPoint> big;
                for (int s = 0; s < 2000; ++s)
                    big.push_back({1000 + round * 2000 + s, "a_long_metric_name_to_fill_the_disk", s * 0.25});
                msg = storeErrorOf([&] { store.addMetricPoints(2, big); });
            }
        }
        QVERIFY2(msg.find("full") != std::string::npos && msg.find(path.string()) != std::string::npos, msg.c_str());
        StoreOptions ro;
        ro.readOnly = true;
        Store store(path, ro);
        QCOMPARE(store.listRuns().size(), std::size_t(2));
        QCOMPARE(store.metricPointCount(1), std::int64_t(200));
        QVERIFY(store.metricPointCount(2) >= 200);
        QCOMPARE(store.integrityCheck(), std::vector<std::string>{"ok"});
    }
};

int main(int argc, char** argv)
{
    if (const char* path = std::getenv(kChildEnv))
        return countRunsAndClose(path);
    TestStoreFailures test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_store_failures.moc"
