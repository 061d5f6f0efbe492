// What the CLI must never do to a user's files (issue 32): export over the store it reads or over
// an existing file without --force, delete a run that is still training, create a store when asked
// to read one, take "-1" for an unsigned option or an empty path for a file, narrow a config number
// silently, or wait forever on a FIFO given as a dataset. Each case runs the real `persona`.
#include "cli_runner.h"
#include "core/store/store.h"

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace persona;

namespace {

const std::string kTiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train";

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A store holding one finished run with a short curve; returns its id.
std::int64_t makeStore(const std::string& path, bool running = false)
{
    store::Store st(path);
    store::NewRun r;
    r.name = "safety";
    r.method = "persoma";
    r.config = {{"method", "persoma"}};
    const std::int64_t id = st.createRun(r);
    st.markRunning(id, "cpu");
    const store::MetricPoint points[] = {{1, "train_loss", 2.5}, {2, "train_loss", 2.0}};
    st.addMetricPoints(id, points);
    if (!running)
        st.markFinished(id);
    return id;
}

// A minimal tiny-model run config with one field replaced by raw JSON text (the number as written).
std::string configWith(const QTemporaryDir& dir, const std::string& stepsText)
{
    const std::string path = dir.path().toStdString() + "/config.json";
    std::ofstream(path) << "{\"method\": \"persoma\", \"outputDir\": \"" << dir.path().toStdString()
                        << "/run\", \"models\": {\"decoder\": \"" << kTiny << "/decoder\", \"encoder\": \"" << kTiny
                        << "/encoder\", \"device\": \"cpu\", \"cacheDir\": \"\"}, \"data\": {\"dataset\": \"" << kTiny
                        << "/dataset\", \"minItemRatings\": 0, \"historySize\": 4}, \"train\": {\"steps\": " << stepsText
                        << ", \"batchSize\": 4}}";
    return path;
}

// Runs the CLI as a user who cannot write `folder`: as root (which ignores folder permissions)
// through setpriv as nobody, else as ourselves after the caller made the folder 0555.
CliResult runPersonaWithoutWriteAccess(const QStringList& args)
{
    if (::geteuid() != 0)
        return runPersona(args);
    return runProgram("setpriv", QStringList{"--reuid", "65534", "--regid", "65534", "--clear-groups", PERSONA_CLI_PATH} + args,
                      {}, 60000);
}

// Adds a run row through SQLite directly and closes without checkpointing, so the change stays in
// the store's -wal file (what a writer killed before its checkpoint leaves).
void leavePendingWal(const std::string& path)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "UPDATE runs SET name = 'renamed-in-wal'", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

bool exists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace

class TestCliStoreSafety : public QObject {
    Q_OBJECT

private slots:
    void exportNeverReplacesTheStoreOrAnotherFile()
    {
        QTemporaryDir dir;
        const std::string storePath = dir.path().toStdString() + "/s.sqlite";
        const std::int64_t id = makeStore(storePath);
        const QString qs = QString::fromStdString(storePath);
        const QString runId = QString::number(id);
        const std::string before = readAll(storePath);

        // Onto the store itself: refused, the store unchanged and still whole.
        CliResult r = runPersona({"runs", "export", runId, "--store", qs, "-o", qs});
        QVERIFY2(r.exitCode != 0 && r.err.contains("is the store"), qPrintable(r.err));
        r = runPersona({"runs", "export", runId, "--store", qs, "-o", qs, "--force"});
        QVERIFY2(r.exitCode != 0 && r.err.contains("is the store"), qPrintable(r.err));
        {
            store::Store st(storePath);
            QCOMPARE(st.integrityCheck(), std::vector<std::string>{"ok"});
            QCOMPARE(st.run(id).name, std::string("safety"));
            QCOMPARE(st.metricPointCount(id), std::int64_t{2});
        }

        // Onto another existing file: refused without --force, replaced whole with it.
        const std::string other = dir.path().toStdString() + "/notes.txt";
        std::ofstream(other) << "my notes\n";
        r = runPersona({"runs", "export", runId, "--store", qs, "-o", QString::fromStdString(other)});
        QVERIFY2(r.exitCode != 0 && r.err.contains("already exists") && r.err.contains("--force"), qPrintable(r.err));
        QCOMPARE(readAll(other), std::string("my notes\n"));
        r = runPersona({"runs", "export", runId, "--store", qs, "-o", QString::fromStdString(other), "--force"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto exported = nlohmann::json::parse(readAll(other));
        QCOMPARE(exported["run"]["name"].get<std::string>(), std::string("safety"));
        // A new file is written; a folder is refused.
        r = runPersona({"runs", "export", runId, "--store", qs, "-o", dir.path() + "/new.csv", "--format", "metrics-csv"});
        QVERIFY2(r.exitCode == 0 && readAll(dir.path().toStdString() + "/new.csv").find("train_loss") != std::string::npos,
                 qPrintable(r.err));
        r = runPersona({"runs", "export", runId, "--store", qs, "-o", dir.path(), "--force"});
        QVERIFY2(r.exitCode != 0 && r.err.contains("not a regular file"), qPrintable(r.err));
        // No temporary file is left behind.
        QCOMPARE(QDir(dir.path()).entryList(QStringList{"*.tmp-*"}, QDir::Files).size(), 0);
    }

    void aRunningRunIsNotDeleted()
    {
        QTemporaryDir dir;
        const std::string storePath = dir.path().toStdString() + "/s.sqlite";
        // "running" in this (live) process, as a training in another window would be.
        const std::int64_t id = makeStore(storePath, true);
        const QString qs = QString::fromStdString(storePath);
        CliResult r = runPersona({"runs", "delete", QString::number(id), "--store", qs});
        QVERIFY2(r.exitCode != 0 && r.err.contains("is running"), qPrintable(r.err));
        {
            store::Store st(storePath);
            QCOMPARE(st.metricPointCount(id), std::int64_t{2});
            st.markFinished(id);
        }
        r = runPersona({"runs", "delete", QString::number(id), "--store", qs, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        store::Store st(storePath);
        QVERIFY(!st.findRun(id));
    }

    void readingNeverCreatesAStore()
    {
        QTemporaryDir dir;
        const QString missing = dir.path() + "/typo/store.sqlite";
        for (const QStringList& args : {QStringList{"runs", "list", "--store", missing},
                                        QStringList{"runs", "show", "1", "--store", missing},
                                        QStringList{"runs", "export", "1", "--store", missing},
                                        QStringList{"runs", "delete", "1", "--store", missing}}) {
            const CliResult r = runPersona(args);
            QVERIFY2(r.exitCode != 0 && r.err.contains("no experiment store"), qPrintable(args.join(' ') + ": " + r.err));
        }
        QVERIFY(!QFileInfo::exists(dir.path() + "/typo"));
        // An empty path names no file (it used to open the default store).
        const CliResult r = runPersona({"runs", "list", "--store", ""});
        QVERIFY2(r.exitCode != 0 && r.err.contains("--store") && r.err.contains("empty path"), qPrintable(r.err));
    }

    void negativeNumbersForUnsignedOptionsAreRefused()
    {
        for (const QStringList& args : {QStringList{"eval", "--method", "counting", "--history", "-1"},
                                        QStringList{"runs", "list", "--limit", "-1"},
                                        QStringList{"data", "user", "--user", "1", "--history", "-3"}}) {
            const CliResult r = runPersona(args);
            QVERIFY2(r.exitCode != 0 && r.err.contains("must be 0 or more, not -"), qPrintable(args.join(' ') + ": " + r.err));
        }
    }

    void configNumbersAreNeverNarrowed()
    {
        QTemporaryDir dir;
        const struct {
            const char* written;
            const char* says;
        } cases[] = {{"4294967326", "4294967326"}, {"30.5", "must be an integer"}, {"1e30", "must be an integer"},
                     {"-2147483649", "-2147483649"}, {"\"30\"", "must be an integer"}};
        for (const auto& c : cases) {
            const std::string config = configWith(dir, c.written);
            const CliResult r = runPersona({"train", "--config", QString::fromStdString(config), "--no-store", "--json"});
            QVERIFY2(r.exitCode == 2 && r.err.contains("train.steps") && r.err.contains(c.says),
                     qPrintable(QString("%1: rc %2 %3").arg(c.written).arg(r.exitCode).arg(r.err)));
        }
        const std::string config = configWith(dir, "1e999");
        const CliResult r = runPersona({"train", "--config", QString::fromStdString(config), "--no-store", "--json"});
        QVERIFY2(r.exitCode != 0 && r.err.contains(QString::fromStdString(config)) && r.err.contains("not valid JSON"),
                 qPrintable(r.err));
    }

    void aHoldoutThatLeavesNoUserIsAnError()
    {
        const CliResult r = runPersona({"eval", "--method", "text-zeroshot", "--task", "next-item", "--holdout", "100000",
                                        "--dataset", QString::fromStdString(kTiny + "/dataset"), "--min-item-ratings", "0"});
        QVERIFY2(r.exitCode == 2 && r.err.contains("--holdout 100000") && r.err.contains("lower --holdout"), qPrintable(r.err));
    }

    // `--read-only` on a WAL store whose folder this user cannot write: SQLite cannot create the
    // shared-memory file it needs, so a clean store is read immutable (said on stderr) and one with
    // a pending log is refused with the reason, never read without its last commits.
    void aReadOnlyOpenNeedsNoWritableFolder()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString() + "/ro";
        QVERIFY(::mkdir(folder.c_str(), 0755) == 0 && ::chmod(dir.path().toLocal8Bit().constData(), 0755) == 0);
        const std::string storePath = folder + "/s.sqlite";
        makeStore(storePath);
        QVERIFY(!exists(storePath + "-wal") && !exists(storePath + "-shm")); // a clean close completes the log
        QCOMPARE(::chmod(storePath.c_str(), 0644), 0);
        QCOMPARE(::chmod(folder.c_str(), 0555), 0);
        const CliResult version = runPersonaWithoutWriteAccess({"--version"});
        if (version.exitCode != 0)
            QSKIP(qPrintable("cannot run the CLI as a user without write access here: " + version.err));
        const std::string before = readAll(storePath);
        const QString qs = QString::fromStdString(storePath);

        CliResult r = runPersonaWithoutWriteAccess({"runs", "list", "--store", qs, "--read-only"});
        QVERIFY2(r.exitCode == 0 && r.out.contains("safety"), qPrintable(r.err + r.out));
        QVERIFY2(r.err.contains("immutable") && r.err.contains(qs), qPrintable(r.err));
        r = runPersonaWithoutWriteAccess({"runs", "show", "1", "--store", qs, "--read-only", "--json"});
        QVERIFY2(r.exitCode == 0 && r.json()["name"] == "safety", qPrintable(r.err + r.out));
        QCOMPARE(readAll(storePath), before);
        QVERIFY(!exists(storePath + "-wal") && !exists(storePath + "-shm"));
        // Without --read-only the same user is told the file cannot be written, and nothing changes.
        r = runPersonaWithoutWriteAccess({"runs", "list", "--store", qs});
        QVERIFY2(r.exitCode != 0 && r.err.contains(qs), qPrintable(r.err));
        QCOMPARE(readAll(storePath), before);

        // A pending write-ahead log without its shared-memory file: refused, saying why.
        QCOMPARE(::chmod(folder.c_str(), 0755), 0);
        leavePendingWal(storePath);
        QVERIFY(exists(storePath + "-wal"));
        QVERIFY(::unlink((storePath + "-shm").c_str()) == 0 || !exists(storePath + "-shm"));
        QCOMPARE(::chmod((storePath + "-wal").c_str(), 0644), 0);
        QCOMPARE(::chmod(folder.c_str(), 0555), 0);
        r = runPersonaWithoutWriteAccess({"runs", "list", "--store", qs, "--read-only"});
        QVERIFY2(r.exitCode != 0 && r.err.contains("write-ahead log") && r.err.contains(qs), qPrintable(r.err));
        QVERIFY(!r.out.contains("safety")); // never the stale state
        QCOMPARE(::chmod(folder.c_str(), 0755), 0);
    }

    // Notes and tags given to predictions (the Compare view's Note field) are shown by runs show.
    void runsShowListsNotesAndTags()
    {
        QTemporaryDir dir;
        const std::string storePath = dir.path().toStdString() + "/s.sqlite";
        const std::int64_t id = makeStore(storePath);
        {
            store::Store st(storePath);
            store::PredictionRecord a, b;
            a.userId = "63";
            a.output = "Drama";
            b.userId = "7";
            b.output = "Comedy";
            st.addPrediction(id, a);
            const std::int64_t noted = st.addPrediction(id, b);
            st.setPredictionNote(noted, "likes \x1b[31mred\x1b[0m comedies", nlohmann::json::array({"check", "odd"}));
        }
        const QString qs = QString::fromStdString(storePath);
        CliResult r = runPersona({"runs", "show", QString::number(id), "--store", qs, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto notes = r.json()["notes"];
        QCOMPARE(notes.size(), std::size_t(1));
        QCOMPARE(notes[0]["user"].get<std::string>(), std::string("7"));
        QCOMPARE(notes[0]["tags"], nlohmann::json::array({"check", "odd"}));
        r = runPersona({"runs", "show", QString::number(id), "--store", qs});
        QVERIFY2(r.exitCode == 0 && r.out.contains("note        user 7") && r.out.contains("[check, odd]"), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QChar(0x1b)) && r.out.contains("\\x1b"), qPrintable(r.out)); // escaped, not sent to the terminal
    }

    // `persona runs diff A B`: the settings two runs' configs differ in; two ids or a clear error.
    void runsDiffNamesTheSettings()
    {
        QTemporaryDir dir;
        const std::string storePath = dir.path().toStdString() + "/s.sqlite";
        std::int64_t a = 0, b = 0;
        {
            store::Store st(storePath);
            for (const char* preset : {"teaching", "history-50"}) {
                std::ifstream in(std::string(PERSONA_TEST_DATA) + "/configs/preset-" + preset + ".json");
                store::NewRun r;
                r.name = preset;
                r.method = "persoma";
                r.config = nlohmann::json::parse(in);
                (a == 0 ? a : b) = st.createRun(r);
            }
        }
        const QString qs = QString::fromStdString(storePath);
        CliResult r = runPersona({"runs", "diff", QString::number(a), QString::number(b), "--store", qs, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const nlohmann::json d = r.json()["differences"];
        QCOMPARE(d.size(), std::size_t(3)); // as `diff` between the two preset files shows
        QCOMPARE(d[0]["setting"], nlohmann::json("data.historySize"));
        QCOMPARE(d[0]["before"], nlohmann::json(10));
        QCOMPARE(d[0]["after"], nlohmann::json(50));
        r = runPersona({"runs", "diff", QString::number(a), QString::number(b), "--store", qs});
        QVERIFY2(r.exitCode == 0 && r.out.contains("3 setting(s) differ") && r.out.contains("persoma.summaryInput")
                     && r.out.contains("items -> profile"), qPrintable(r.out));
        r = runPersona({"runs", "diff", QString::number(a), "--store", qs});
        QVERIFY2(r.exitCode != 0 && !r.crashed && r.err.contains("2 required") , qPrintable(r.err));
        r = runPersona({"runs", "diff", QString::number(a), "999", "--store", qs});
        QVERIFY2(r.exitCode != 0 && !r.crashed && r.err.contains("999"), qPrintable(r.err));
    }

    void aFifoIsNotReadAsADataset()
    {
        QTemporaryDir dir;
        const std::string fifo = dir.path().toStdString() + "/histories.jsonl";
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const CliResult r = runPersona({"eval", "--method", "counting", "--dataset", QString::fromStdString(fifo)}, 60000);
        QVERIFY2(r.exitCode == 1 && r.err.contains("FIFO") && r.err.contains(QString::fromStdString(fifo)), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliStoreSafety)
#include "test_cli_store_safety.moc"
