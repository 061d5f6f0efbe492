// Tests ui/charts/seed_statistics.cpp and the seed groups of ui/views/runs_view.cpp on a temporary
// store: three runs that differ only by train.seed are drawn as one mean curve whose values are
// the mean of the three at each step, with a band of ± 1 sample sd or min-max; a run with another
// config stays a curve of its own; the details show final metrics as mean ± sd; grouping can be
// switched off, and a pinned baseline is still drawn dashed on its own.
#include "core/store/store.h"
#include "ui/charts/curve_plot.h"
#include "ui/charts/seed_statistics.h"
#include "ui/views/runs_view.h"

#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <vector>

using persona::ui::RunsView;
using persona::ui::Spread;
namespace store = persona::store;

namespace {
// Run `seed`'s val_f1 at step s: 0.1 + 0.01 s + 0.02 seed (+ 0.005 s seed: the spread grows).
double f1(int seed, int step)
{
    return 0.1 + 0.01 * step + 0.02 * seed + 0.005 * step * seed;
}

nlohmann::json config(int seed, const std::string& adapter = "mlp")
{
    return {{"name", "sweep-seed-" + std::to_string(seed)},
            {"outputDir", "runs/sweep-seed-" + std::to_string(seed)},
            {"method", "persoma"},
            {"persoma", {{"adapter", adapter}}},
            {"train", {{"learningRate", 1e-3}, {"steps", 40}, {"seed", seed}}}};
}
} // namespace

class TestRunsSeedGroups : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_storePath = m_dir.filePath("store.sqlite");
        store::Store s(m_storePath.toStdString());
        // Three seeds of one config, then one run of another config (adapter perceiver).
        for (int r = 0; r < 4; ++r) {
            const int seed = r < 3 ? r : 0;
            store::NewRun run;
            run.name = r < 3 ? "sweep-seed-" + std::to_string(seed) : "perceiver";
            run.method = "persoma";
            run.seed = seed;
            run.config = config(seed, r < 3 ? "mlp" : "perceiver");
            const std::int64_t id = s.createRun(run);
            m_ids << id;
            std::vector<store::MetricPoint> points;
            for (int step = 0; step <= 40; step += 10)
                points.push_back({step, "val_f1", f1(seed, step) + (r == 3 ? 0.3 : 0.0)});
            points.push_back({40, "test_f1", 0.30 + 0.05 * seed});
            s.addMetricPoints(id, points);
            s.markRunning(id, "cpu");
            s.markFinished(id);
        }
    }

    void statisticsHelpers()
    {
        const persona::ui::MeanSd m = persona::ui::meanSd({1.0, 2.0, 6.0, std::nan("")});
        QCOMPARE(m.count, 3);
        QCOMPARE(m.mean, 3.0);
        QCOMPARE(m.sd, std::sqrt(7.0)); // ((4 + 1 + 9) / 2)
        QCOMPARE(persona::ui::meanSd({5.0}).sd, 0.0);

        // Curves with different steps: each step averages the curves that have it.
        persona::ui::Curve a{{0, 10}, {1.0, 3.0}};
        persona::ui::Curve b{{0, 20}, {3.0, 5.0}};
        const persona::ui::MeanCurve mm = persona::ui::meanCurve({a, b}, Spread::MinMax);
        QCOMPARE(mm.steps, QVector<double>({0, 10, 20}));
        QCOMPARE(mm.mean, QVector<double>({2.0, 3.0, 5.0}));
        QCOMPARE(mm.lower, QVector<double>({1.0, 3.0, 5.0}));
        QCOMPARE(mm.upper, QVector<double>({3.0, 3.0, 5.0}));
        QCOMPARE(mm.count, QVector<int>({2, 1, 1}));

        // Seed, name and outputDir do not split a group; anything else does.
        std::vector<persona::ui::RunConfigRef> refs{{1, "persoma", config(0)}, {2, "persoma", config(1)},
                                                    {3, "persoma", config(2, "perceiver")}, {4, "text", config(3)}};
        const QList<QList<qint64>> groups = persona::ui::groupBySeed(refs);
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups[0], QList<qint64>({1, 2}));
        QCOMPARE(groups[1], QList<qint64>({3}));
        QCOMPARE(groups[2], QList<qint64>({4}));
    }

    void meanCurveOfThreeSeeds()
    {
        RunsView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(view.openStore(m_storePath));
        view.selectRuns(m_ids);
        view.setMetric("val_f1");
        QCOMPARE(view.seedGroups(view.selectedRuns()).size(), 2);
        QCOMPARE(view.seedMeanGraphs().size(), 1);
        QCPGraph* mean = view.seedMeanGraphs().first();
        QVERIFY2(mean->name().contains("mean of 3 seeds"), qPrintable(mean->name()));
        QVERIFY2(mean->name().contains("± 1 sd"), qPrintable(mean->name()));
        QCOMPARE(mean->dataCount(), 5);
        for (int i = 0; i < 5; ++i) {
            const int step = i * 10;
            const double expected = (f1(0, step) + f1(1, step) + f1(2, step)) / 3.0;
            QCOMPARE(mean->data()->at(i)->key, double(step));
            QVERIFY2(std::abs(mean->data()->at(i)->value - expected) < 1e-12,
                     qPrintable(QString("step %1: mean %2, expected %3").arg(step).arg(mean->data()->at(i)->value).arg(expected)));
        }
        // Mean, two band graphs (not in the legend), and the other config's own curve.
        QCOMPARE(view.plot()->curveCount(), 4);
        int inLegend = 0;
        for (int g = 0; g < view.plot()->graphCount(); ++g)
            inLegend += view.plot()->legend->hasItemWithPlottable(view.plot()->graph(g)) ? 1 : 0;
        QCOMPARE(inLegend, 2);
        // The band at step 40 is mean ± the sample sd of the three values.
        QCPGraph* upper = nullptr;
        for (int g = 0; g < view.plot()->graphCount(); ++g)
            if (view.plot()->graph(g)->channelFillGraph())
                upper = view.plot()->graph(g);
        QVERIFY(upper);
        const double m40 = mean->data()->at(4)->value;
        const double sd40 = persona::ui::meanSd({f1(0, 40), f1(1, 40), f1(2, 40)}).sd;
        QVERIFY(std::abs(upper->data()->at(4)->value - (m40 + sd40)) < 1e-12);
        QVERIFY(std::abs(upper->channelFillGraph()->data()->at(4)->value - (m40 - sd40)) < 1e-12);

        view.setSpread(Spread::MinMax);
        QCOMPARE(view.seedMeanGraphs().size(), 1);
        for (int g = 0; g < view.plot()->graphCount(); ++g)
            if (view.plot()->graph(g)->channelFillGraph())
                upper = view.plot()->graph(g);
        QCOMPARE(upper->data()->at(4)->value, f1(2, 40));
        QCOMPARE(upper->channelFillGraph()->data()->at(4)->value, f1(0, 40));
        QVERIFY(view.seedMeanGraphs().first()->name().contains("min–max"));

        // Final metrics as mean ± sd in the details.
        const QString details = view.detailsText();
        QVERIFY2(details.contains("seeds 0, 1, 2"), qPrintable(details));
        QVERIFY2(details.contains("test_f1: 0.35 ± 0.05 (n = 3)"), qPrintable(details));
    }

    void groupingOffAndBaseline()
    {
        RunsView view;
        QVERIFY(view.openStore(m_storePath));
        view.selectRuns(m_ids);
        view.setMetric("val_f1");
        view.setSeedGrouping(false);
        QCOMPARE(view.seedMeanGraphs().size(), 0);
        QCOMPARE(view.plot()->curveCount(), 4); // one curve per run again
        view.setSeedGrouping(true);

        // Pin seed 0 as the baseline: it is drawn dashed on its own, seeds 1 and 2 form a group.
        view.selectRuns({m_ids[0]});
        auto* pin = [&]() -> QPushButton* {
            for (auto* b : view.findChildren<QPushButton*>())
                if (b->text() == "Pin Baseline")
                    return b;
            return nullptr;
        }();
        QVERIFY(pin);
        pin->click();
        view.selectRuns({m_ids[1], m_ids[2]});
        QCOMPARE(view.seedMeanGraphs().size(), 1);
        QCOMPARE(view.plot()->graph(0)->pen().style(), Qt::DashLine);
        QCOMPARE(view.seedMeanGraphs().first()->data()->at(1)->value, (f1(1, 10) + f1(2, 10)) / 2.0);
    }

private:
    QTemporaryDir m_dir;
    QString m_storePath;
    QList<qint64> m_ids;
};

QTEST_MAIN(TestRunsSeedGroups)
#include "test_runs_seed_groups.moc"
