// Tests how core/store/store.cpp and sqlite_db.cpp fail: a newer schema, corrupted and foreign
// files, a read-only file, a locked database and a full disk each give a StoreError naming the
// file, and what was stored before is still there.
#include "core/store/schema.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
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

QTEST_APPLESS_MAIN(TestStoreFailures)
#include "test_store_failures.moc"
