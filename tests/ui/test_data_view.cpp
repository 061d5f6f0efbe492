// Tests ui/views/data_view.cpp with ui/itemmodels/{users,history}_model.cpp: a dataset loads on
// the worker thread, the first user is selected, the items kept by the sampling strategy are
// highlighted (and differ between Recency and Random), search filters and sorting work, and a
// broken folder reports an error naming the file and line while the old dataset stays loaded.
#include "ui/itemmodels/history_model.h"
#include "ui/itemmodels/users_model.h"
#include "ui/views/data_view.h"
#include "ui_test_data.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <set>

using persona::data::SamplingStrategy;
using persona::ui::DataView;
using persona::ui::HistoryModel;
using persona::ui::UsersModel;

namespace {

bool loadInto(DataView& view, const QString& path)
{
    QSignalSpy loaded(&view, &DataView::datasetLoaded);
    QSignalSpy failed(&view, &DataView::loadFailed);
    view.openDataset(path);
    if (!loaded.wait(20000))
        qWarning() << "load failed:" << failed;
    return loaded.count() == 1;
}

// Rows of the history table that are highlighted, checked through every role that shows it.
std::set<int> highlightedRows(const HistoryModel& model)
{
    std::set<int> rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        const bool kept = model.index(r, 0).data(HistoryModel::KeptRole).toBool();
        const QVariant background = model.index(r, HistoryModel::TitleColumn).data(Qt::BackgroundRole);
        const QString keptText = model.index(r, HistoryModel::KeptColumn).data().toString();
        if (kept != background.isValid() || kept != !keptText.isEmpty())
            qWarning() << "row" << r << "is inconsistently highlighted";
        if (kept && background.value<QColor>() == HistoryModel::keptColor())
            rows.insert(r);
    }
    return rows;
}

} // namespace

class TestDataView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = uitest::writeSyntheticDataset(m_dir.filePath("synthetic"));
    }

    void loadsAndHighlightsRecency()
    {
        DataView view;
        view.setMinItemRatings(1);
        view.show();
        QVERIFY(loadInto(view, m_dataset));
        QVERIFY(view.dataset());
        QCOMPARE(view.usersProxy()->rowCount(), 30);
        QVERIFY2(view.selectedUser() >= 0, "the first user is selected after loading");
        QVERIFY(view.selectUser("7"));
        const HistoryModel& history = *view.historyModel();
        QCOMPARE(history.rowCount(), 20 + 7 % 6);
        view.setStrategy(SamplingStrategy::Recency);
        view.setHistorySize(10);
        std::set<int> expected;
        for (int r = history.rowCount() - 10; r < history.rowCount(); ++r)
            expected.insert(r);
        QCOMPARE(highlightedRows(history), expected);
        QCOMPARE(history.index(history.rowCount() - 1, HistoryModel::KeptColumn).data().toString(), QString("kept"));
        QVERIFY(!history.index(0, HistoryModel::TitleColumn).data(Qt::BackgroundRole).isValid());
        // The table scrolls to the kept items, at the end of the history for Recency.
        view.resize(700, 260);
        QVERIFY(view.selectUser("11"));
        QTRY_VERIFY2(std::size_t(view.historyTable()->rowAt(0)) >= view.historyModel()->keptPositions().front(),
                     qPrintable(QString::number(view.historyTable()->rowAt(0))));
    }

    void randomDiffersFromRecency()
    {
        DataView view;
        view.setMinItemRatings(1);
        QVERIFY(loadInto(view, m_dataset));
        QVERIFY(view.selectUser("12"));
        view.setHistorySize(8);
        view.setStrategy(SamplingStrategy::Recency);
        const std::set<int> recency = highlightedRows(*view.historyModel());
        view.setStrategy(SamplingStrategy::Random);
        const std::set<int> random = highlightedRows(*view.historyModel());
        QCOMPARE(recency.size(), std::size_t(8));
        QCOMPARE(random.size(), std::size_t(8));
        QVERIFY2(recency != random, "Random keeps other items than Recency");
        // The size control changes how many are kept.
        view.setHistorySize(3);
        QCOMPARE(highlightedRows(*view.historyModel()).size(), std::size_t(3));
    }

    void searchFiltersAndSorts()
    {
        DataView view;
        view.setMinItemRatings(1);
        QVERIFY(loadInto(view, m_dataset));
        QSortFilterProxyModel* proxy = view.usersProxy();
        view.searchField()->setText("17");
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, UsersModel::IdColumn).data().toString(), QString("17"));
        view.searchField()->setText("horror");
        QVERIFY(proxy->rowCount() > 0);
        QVERIFY(proxy->rowCount() < 30);
        for (int r = 0; r < proxy->rowCount(); ++r) {
            const QString genres = proxy->index(r, UsersModel::LikedColumn).data().toString() + ' '
                                   + proxy->index(r, UsersModel::DislikedColumn).data().toString();
            QVERIFY2(genres.contains("Horror"), qPrintable(genres));
        }
        view.searchField()->clear();
        QCOMPARE(proxy->rowCount(), 30);
        proxy->sort(UsersModel::IdColumn, Qt::AscendingOrder);
        QCOMPARE(proxy->index(1, UsersModel::IdColumn).data().toString(), QString("2")); // numeric, not "10"
        proxy->sort(UsersModel::HistoryColumn, Qt::DescendingOrder);
        QCOMPARE(proxy->index(0, UsersModel::HistoryColumn).data().toInt(), 25);
        QCOMPARE(proxy->index(29, UsersModel::HistoryColumn).data().toInt(), 20);
    }

    // The search also finds the users who rated a title; a search with no match says so; the
    // user chosen before a search is chosen again when the search is cleared.
    void searchFindsTitlesAndKeepsTheChosenUser()
    {
        DataView view;
        view.setMinItemRatings(1);
        QVERIFY(loadInto(view, m_dataset));
        const persona::data::Dataset& ds = view.dataset()->dataset;
        int expected = 0;
        for (const persona::data::User& u : ds.users)
            for (const persona::data::Interaction& h : u.history)
                if (ds.items[h.item].title.find("Movie 37 ") == 0) {
                    ++expected;
                    break;
                }
        QVERIFY(expected > 0 && expected < 30);
        QVERIFY(view.selectUser("5"));
        view.setSearchText("movie 37 ");
        QCOMPARE(view.usersProxy()->rowCount(), expected);

        view.setSearchText("no such thing");
        QCOMPARE(view.usersProxy()->rowCount(), 0);
        QCOMPARE(view.selectedUser(), -1);
        QVERIFY2(view.sampleSummaryText().startsWith("No user matches \"no such thing\""), qPrintable(view.sampleSummaryText()));
        view.setSearchText("");
        QCOMPARE(view.usersProxy()->rowCount(), 30);
        QCOMPARE(QString::fromStdString(ds.users[static_cast<std::size_t>(view.selectedUser())].key), QString("5"));
        QCOMPARE(view.searchField()->text(), QString());
    }

    // The minimum ratings per item is set in the view; changing it reloads with the new filter
    // and says how many items were kept.
    void minRatingsPerItemReloads()
    {
        DataView view;
        view.setMinItemRatings(1);
        QVERIFY(loadInto(view, m_dataset));
        const std::size_t all = view.dataset()->dataset.items.size();
        auto* spin = view.findChild<QSpinBox*>("minRatingsSpin");
        QVERIFY(spin);
        QCOMPARE(spin->value(), 1);
        QSignalSpy loaded(&view, &DataView::datasetLoaded);
        spin->setValue(15);
        emit spin->editingFinished();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(view.minItemRatings(), 15u);
        const std::size_t kept = view.dataset()->dataset.items.size();
        QVERIFY(kept < all);
        QVERIFY2(view.findChild<QLabel*>("sourceLabel")->text().contains(QString("(%1 of %2 items kept: those with at least 15 ratings)").arg(kept).arg(all)),
                 qPrintable(view.findChild<QLabel*>("sourceLabel")->text()));
    }

    void brokenFolderKeepsPreviousDataset()
    {
        DataView view;
        view.setMinItemRatings(1);
        QVERIFY(loadInto(view, m_dataset));
        const persona::ui::DatasetPtr before = view.dataset();
        QVERIFY(view.selectUser("5"));

        QSignalSpy failed(&view, &DataView::loadFailed);
        QSignalSpy loaded(&view, &DataView::datasetLoaded);
        view.openDataset(uitest::writeBrokenDataset(m_dir.filePath("broken")));
        QVERIFY(failed.wait(20000));
        QCOMPARE(loaded.count(), 0);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains("broken.inter:1:"), qPrintable(message));
        QVERIFY(!view.isLoading());
        QCOMPARE(view.dataset(), before);
        QCOMPARE(view.usersProxy()->rowCount(), 30);
        QCOMPARE(view.selectedUser(), static_cast<int>(*before->dataset.findUser("5")));
        QVERIFY(view.historyModel()->rowCount() > 0);
    }

    void missingFolderReportsError()
    {
        DataView view;
        QSignalSpy failed(&view, &DataView::loadFailed);
        view.openDataset(m_dir.filePath("does-not-exist"));
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().at(1).toString().contains("does-not-exist"));
        QVERIFY(!view.dataset());
    }

private:
    QTemporaryDir m_dir;
    QString m_dataset;
};

QTEST_MAIN(TestDataView)
#include "test_data_view.moc"
