// Tests core/store/metric_writer.cpp: batched commits off the caller's thread, add() never
// waiting on a locked store, and SIGKILL safety: a child process writing through MetricWriter is
// killed at random points; the store stays sound, every reported step is there, the run shows as
// interrupted and resumes where it stopped.
#include "core/store/metric_writer.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <fcntl.h>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace persona::store;

namespace {

const std::vector<std::string> kNames = {"loss", "lr", "grad_norm"};

// The child: resumes the run and logs steps until killed, writing each committed step to `fd`.
[[noreturn]] void childTrainingLoop(const std::filesystem::path& path, std::int64_t runId, int fd)
{
    try {
        std::int64_t step = 0;
        {
            Store store(path);
            store.markRunning(runId, "cpu");
            step = store.resumePoint(runId).lastStep.value_or(-1) + 1;
        }
        MetricWriterOptions opt;
        opt.batchPoints = 64;
        opt.maxDelay = std::chrono::milliseconds(5);
        MetricWriter writer(path, runId, opt, [fd](std::int64_t committed) {
            [[maybe_unused]] const auto n = ::write(fd, &committed, sizeof(committed));
        });
        for (;; ++step) {
            std::vector<std::pair<std::string, double>> values;
            for (std::size_t i = 0; i < kNames.size(); ++i)
                values.emplace_back(kNames[i], static_cast<double>(step) * 10 + static_cast<double>(i));
            writer.add(step, values);
            if (step % 16 == 0)
                ::usleep(200); // a training step takes a while
        }
    } catch (...) {
        ::_exit(3);
    }
}

} // namespace

class TestMetricWriter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path file(const char* name) const { return std::filesystem::path(m_dir.path().toStdString()) / name; }

private slots:
    void flushCommitsEverything()
    {
        const auto path = file("flush.sqlite");
        Store store(path);
        const auto id = store.createRun(NewRun{"w", "persoma", {}, 0, "", std::nullopt, "", ""});
        std::vector<std::int64_t> reported;
        std::mutex m;
        {
            MetricWriterOptions opt;
            opt.batchPoints = 500;
            MetricWriter writer(path, id, opt, [&](std::int64_t s) {
                std::lock_guard lock(m);
                reported.push_back(s);
            });
            for (int s = 0; s < 5000; ++s)
                writer.add(s, "loss", 1.0 / (s + 1));
            writer.flush();
            QCOMPARE(writer.committedPoints(), std::uint64_t(5000));
            QCOMPARE(writer.committedStep(), std::int64_t(4999));
            QCOMPARE(store.metricPointCount(id), std::int64_t(5000));
            writer.add(5000, "loss", 0.0); // left for the destructor to commit
        }
        QCOMPARE(store.metricPointCount(id), std::int64_t(5001));
        QCOMPARE(store.run(id).lastStep.value_or(-1), std::int64_t(5000));
        std::lock_guard lock(m);
        QVERIFY(reported.size() >= 2); // batched: several commits, far fewer than 5000
        QVERIFY(reported.size() < 1000);
        QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    }

    void commitsAfterMaxDelayWithoutFlush()
    {
        const auto path = file("delay.sqlite");
        Store store(path);
        const auto id = store.createRun(NewRun{"w", "persoma", {}, 0, "", std::nullopt, "", ""});
        MetricWriterOptions opt;
        opt.batchPoints = 100000;
        opt.maxDelay = std::chrono::milliseconds(30);
        MetricWriter writer(path, id, opt);
        writer.add(1, {{"loss", 1.0}, {"acc", 0.5}});
        QTRY_COMPARE_WITH_TIMEOUT(writer.committedPoints(), std::uint64_t(2), 3000);
        QCOMPARE(store.metricPointCount(id), std::int64_t(2));
    }

    void missingRunFailsAtConstruction()
    {
        const auto path = file("missing.sqlite");
        Store store(path);
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, MetricWriter(path, 77));
    }

    void addNeverWaitsOnALockedStore()
    {
        const auto path = file("locked.sqlite");
        Store store(path);
        const auto id = store.createRun(NewRun{"w", "persoma", {}, 0, "", std::nullopt, "", ""});
        sqlite3* holder = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
        QCOMPARE(sqlite3_exec(holder, "BEGIN EXCLUSIVE; UPDATE runs SET name = 'held'", nullptr, nullptr, nullptr), SQLITE_OK);
        MetricWriterOptions opt;
        opt.batchPoints = 100;
        opt.maxDelay = std::chrono::milliseconds(10);
        opt.busyTimeoutMs = 200;
        MetricWriter writer(path, id, opt);
        QElapsedTimer timer;
        timer.start();
        for (int s = 0; s < 20000; ++s)
            writer.add(s, "loss", s * 0.5);
        QVERIFY2(timer.elapsed() < 150, "add() waited on the locked store"); // well under one busy timeout
        try {
            writer.flush();
            QFAIL("flush() succeeded although the store is locked");
        } catch (const persona::StoreError& e) {
            QVERIFY2(std::string(e.what()).find("locked") != std::string::npos, e.what());
        }
        QCOMPARE(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(holder);
        writer.flush(); // the queued points were kept and go in now
        QCOMPARE(store.metricPointCount(id), std::int64_t(20000));
    }

    void readerSeesGrowingCurveWhileWriterCommits()
    {
        // The GUI's case: its own connection reads while the training worker's writer commits.
        const auto path = file("concurrent.sqlite");
        Store reader(path);
        const auto id = reader.createRun(NewRun{"w", "persoma", {}, 0, "", std::nullopt, "", ""});
        MetricWriterOptions opt;
        opt.batchPoints = 200;
        opt.maxDelay = std::chrono::milliseconds(2);
        MetricWriter writer(path, id, opt);
        std::atomic<bool> done = false;
        std::thread trainer([&] {
            for (int s = 0; s < 40000; ++s)
                writer.add(s, {{"loss", 1.0}, {"acc", 0.5}});
            done = true;
        });
        struct Join {
            std::thread& t;
            ~Join() { t.join(); } // also when a check below fails and returns early
        } join{trainer};
        std::int64_t seen = 0;
        int reads = 0;
        while (!done || seen < 80000) {
            const std::int64_t now = reader.metricPointCount(id); // never "locked": WAL readers do not wait
            QVERIFY(now >= seen);
            QVERIFY(now % 2 == 0); // whole steps only
            seen = now;
            ++reads;
            if (done)
                writer.flush();
        }
        QCOMPARE(seen, std::int64_t(80000));
        QVERIFY(reads > 1);
    }

    void survivesSigkill()
    {
        const auto path = file("sigkill.sqlite");
        std::int64_t runId = 0;
        {
            Store store(path);
            runId = store.createRun(NewRun{"killed", "persoma", {{"epochs", 1}}, 0, "", std::nullopt, "", ""});
        }
        std::mt19937 rng(12345);
        std::int64_t lastReported = -1;
        for (int round = 0; round < 5; ++round) {
            int fds[2];
            QCOMPARE(::pipe(fds), 0);
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                ::close(fds[0]);
                childTrainingLoop(path, runId, fds[1]);
            }
            ::close(fds[1]);
            // Wait for the child's first commit (a loaded machine may be slow to start it), then
            // kill it at a random point.
            std::int64_t step = 0;
            std::int64_t reported = -1;
            if (::read(fds[0], &step, sizeof(step)) == static_cast<ssize_t>(sizeof(step)))
                reported = step;
            ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(1000, 80000)(rng)));
            QCOMPARE(::kill(child, SIGKILL), 0);
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child ended before it was killed");
            while (::read(fds[0], &step, sizeof(step)) == static_cast<ssize_t>(sizeof(step)))
                reported = std::max(reported, step);
            ::close(fds[0]);
            QVERIFY2(reported > lastReported, "the child committed nothing in this round");
            qInfo("round %d: killed after step %lld was reported committed", round, static_cast<long long>(reported));
            lastReported = reported;

            Store store(path); // opening marks the dead child's run interrupted
            QCOMPARE(store.integrityCheck(), std::vector<std::string>{"ok"});
            const RunRecord run = store.run(runId);
            QCOMPARE(run.status, RunStatus::Interrupted);
            QVERIFY(run.lastStep.value_or(-1) >= reported);
            // Every point of every step up to the last reported one is there, with its value: the
            // curve runs on without a gap across the earlier kills.
            for (std::size_t i = 0; i < kNames.size(); ++i) {
                const auto pts = store.metricPoints(runId, kNames[i]);
                QVERIFY(static_cast<std::int64_t>(pts.size()) >= reported + 1);
                for (std::int64_t s = 0; s <= reported; ++s) {
                    QCOMPARE(pts[static_cast<std::size_t>(s)].step, s);
                    QCOMPARE(pts[static_cast<std::size_t>(s)].value, static_cast<double>(s) * 10 + static_cast<double>(i));
                }
            }
        }
        // The run resumes after the last kill and can finish.
        Store store(path);
        store.markRunning(runId);
        const auto next = store.resumePoint(runId).lastStep.value_or(-1) + 1;
        QVERIFY(next > lastReported);
        store.addMetricPoints(runId, std::vector<MetricPoint>{{next, "loss", 0.0}});
        store.markFinished(runId);
        QCOMPARE(store.run(runId).status, RunStatus::Finished);
    }
};

QTEST_APPLESS_MAIN(TestMetricWriter)
#include "test_metric_writer.moc"
