// The search's benchmark for docs/results.md (label slow): BO against random search with the same
// budget, 5 seeds, on Branin hidden in 30 dimensions (best value after 10 random + 30 BO trials)
// and on ZDT1 (hypervolume after 8 random + 32 BO trials). Prints the per-seed and mean numbers and
// checks the same claims as test_bayes_optimizer at the larger budget.
#include "search_problems.h"

#include <QtTest/QtTest>

using namespace search_problems;

class TestBayesBenchmark : public QObject {
    Q_OBJECT

private slots:
    void branin30d()
    {
        double bo = 0.0, rnd = 0.0, model = 0.0;
        int wins = 0;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            const RunSummary b = runBranin(seed, false, 10, 40), r = runBranin(seed, true, 10, 40);
            qInfo("seed %d: BO best %.3f, random best %.3f", int(seed), b.best, r.best);
            bo += b.best;
            rnd += r.best;
            model += b.modelSeconds;
            wins += b.best < r.best;
        }
        qInfo("RESULT Branin-30D, 40 trials, 5 seeds: mean best BO %.3f, random %.3f (optimum %.3f), BO wins %d/5, "
              "GP+acquisition %.2f s per BO trial",
              bo / 5, rnd / 5, kBraninMin, wins, model / (5 * 30));
        QVERIFY(bo < rnd);
    }

    void zdt1()
    {
        double bo = 0.0, rnd = 0.0, model = 0.0;
        int wins = 0;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            const RunSummary b = runZdt(seed, false, 8, 40), r = runZdt(seed, true, 8, 40);
            qInfo("seed %d: BO HV %.3f, random HV %.3f", int(seed), b.hypervolume, r.hypervolume);
            bo += b.hypervolume;
            rnd += r.hypervolume;
            model += b.modelSeconds;
            wins += b.hypervolume > r.hypervolume;
        }
        qInfo("RESULT ZDT1-%dD, 40 trials, 5 seeds: mean hypervolume BO %.3f, random %.3f (max %.3f), BO wins %d/5, "
              "GP+acquisition %.2f s per BO trial",
              kZdtDim, bo / 5, rnd / 5, kZdtMaxHv, wins, model / (5 * 32));
        QVERIFY(bo > rnd);
        QVERIFY(wins >= 4);
    }
};

// Each function runs 10 searches: longer than QtTest's default 300 s per function on a busy machine.
int main(int argc, char** argv)
{
    qputenv("QTEST_FUNCTION_TIMEOUT", "1800000");
    TestBayesBenchmark test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_bayes_benchmark.moc"
