// Tests ui/views/data_view.cpp on the default dataset (MovieLens 100K from
// api::defaultModelPaths().dataset): it loads in the worker thread, a user is selected, and the
// highlighted items follow the core's sampler for Recency and Random, which keep different items,
// and for Retrieval, whose item vectors the view computes on a thread of its own.
#include "core/api/models.h"
#include "core/api/retrieval.h"
#include "core/data/sampling.h"
#include "ui/itemmodels/history_model.h"
#include "ui/views/data_view.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <set>

using persona::data::SamplingStrategy;
using persona::ui::DataView;
using persona::ui::HistoryModel;

namespace {
std::set<std::size_t> highlighted(const HistoryModel& model)
{
    std::set<std::size_t> rows;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, HistoryModel::TitleColumn).data(Qt::BackgroundRole).value<QColor>() == HistoryModel::keptColor())
            rows.insert(static_cast<std::size_t>(r));
    return rows;
}
} // namespace

class TestDataViewDefault : public QObject {
    Q_OBJECT
private slots:
    void defaultDatasetHighlightsSample()
    {
        const QString path = QString::fromStdString(persona::api::defaultModelPaths().dataset);
        if (!QFileInfo::exists(path))
            QSKIP(qPrintable("the default dataset is missing (" + path + "); run scripts/setup.sh"));
        DataView view;
        view.show();
        QSignalSpy loaded(&view, &DataView::datasetLoaded);
        QSignalSpy failed(&view, &DataView::loadFailed);
        view.openDataset(path);
        QVERIFY2(loaded.wait(60000), qPrintable(failed.isEmpty() ? QString("timeout") : failed.first().at(1).toString()));
        QCOMPARE(view.usersProxy()->rowCount(), 943);
        QVERIFY(view.selectUser("196"));
        const auto& ds = view.dataset()->dataset;
        const auto& user = ds.users[static_cast<std::size_t>(view.selectedUser())];
        QCOMPARE(view.historyModel()->rowCount(), static_cast<int>(user.history.size()));

        persona::data::HistorySampler sampler(ds);
        view.setHistorySize(10);
        view.setStrategy(SamplingStrategy::Recency);
        const auto recency = highlighted(*view.historyModel());
        const auto expectedRecency = sampler.sample(user, SamplingStrategy::Recency, 10, view.samplingSeed());
        QCOMPARE(recency, std::set<std::size_t>(expectedRecency.begin(), expectedRecency.end()));
        QCOMPARE(*recency.rbegin(), user.history.size() - 1);

        view.setStrategy(SamplingStrategy::Random);
        const auto random = highlighted(*view.historyModel());
        const auto expectedRandom = sampler.sample(user, SamplingStrategy::Random, 10, view.samplingSeed());
        QCOMPARE(random, std::set<std::size_t>(expectedRandom.begin(), expectedRandom.end()));
        QCOMPARE(random.size(), std::size_t(10));
        QVERIFY(random != recency);

        for (SamplingStrategy s : {SamplingStrategy::LongTail, SamplingStrategy::TopKPopularity, SamplingStrategy::GenreSample}) {
            view.setStrategy(s);
            const auto rows = highlighted(*view.historyModel());
            QVERIFY2(!rows.empty() && rows.size() <= 10, persona::data::samplingName(s));
        }

        // Retrieval: the item vectors are computed on a thread of their own (nothing is
        // highlighted meanwhile), then the view shows what the core's sampler keeps with the API's
        // vectors, the ones a run and `persona data user` use.
        QStandardPaths::setTestModeEnabled(true); // the view's embedding cache goes to a test folder
        QSignalSpy ready(&view, &DataView::retrievalReady);
        view.setStrategy(SamplingStrategy::Retrieval);
        QVERIFY(highlighted(*view.historyModel()).empty());
        QVERIFY(ready.wait(180000));
        sampler.setRetrieval(persona::api::retrievalIndex(ds, "genres"));
        const auto expectedRetrieval = sampler.sample(user, SamplingStrategy::Retrieval, 10, 0);
        const auto retrieval = highlighted(*view.historyModel());
        QCOMPARE(retrieval, std::set<std::size_t>(expectedRetrieval.begin(), expectedRetrieval.end()));
        QCOMPARE(retrieval.size(), std::size_t(10));
        QVERIFY(retrieval != recency && retrieval != random);
        // Another user needs no second computation.
        QVERIFY(view.selectUser("1"));
        QCOMPARE(highlighted(*view.historyModel()).size(), std::size_t(10));
        QCOMPARE(ready.size(), 1);
    }
};

QTEST_MAIN(TestDataViewDefault)
#include "test_data_view_default.moc"
