// Parse benchmark of core/data (docs/benchmarks.md): loads the folder named by the environment
// variable PERSONA_BENCH_DATASET (made by tools/make_ratings_csv.py) and prints ratings per second
// and peak resident memory. Skips when the variable is not set.
#include "core/data/dataset_loader.h"

#include <QtTest/QtTest>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>

class TestBenchDataset : public QObject {
    Q_OBJECT
private slots:
    void parseThroughput()
    {
        const char* path = std::getenv("PERSONA_BENCH_DATASET");
        if (!path)
            QSKIP("set PERSONA_BENCH_DATASET to a folder made by tools/make_ratings_csv.py");
        persona::data::LoadOptions options;
        const auto t0 = std::chrono::steady_clock::now();
        const persona::data::Dataset ds = persona::data::loadDataset(path, options);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const std::uint64_t read = ds.ratingCount() + ds.report.droppedRatings + ds.report.duplicateRatings;
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const double keptMiB = double(ds.ratingCount()) * sizeof(persona::data::Interaction) / (1 << 20);
        qInfo("%llu ratings read in %.2f s: %.2f M ratings/s; kept %zu ratings (%.0f MiB of interactions), "
              "%zu users, %zu items; peak RSS %.0f MiB; CPU time %.2f s",
              static_cast<unsigned long long>(read), s, read / s / 1e6, ds.ratingCount(), keptMiB, ds.users.size(),
              ds.items.size(), usage.ru_maxrss / 1024.0,
              usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
        QVERIFY(read > 0);
    }
};

QTEST_APPLESS_MAIN(TestBenchDataset)
#include "test_bench_dataset.moc"
