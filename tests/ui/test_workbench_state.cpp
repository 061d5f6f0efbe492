// Tests the one owner of the state the views share (ui/workbench_state.h): a change is announced
// once, a setter that changes nothing announces nothing (so two views mirroring each other settle),
// the user's key follows the dataset and the index, and in the main window the Data and Method
// views keep one history sample whichever of them the user edits.
#include "ui/main_window.h"
#include "ui/views/data_view.h"
#include "ui/views/method_view.h"
#include "ui/workbench_state.h"
#include "ui/workers/loaded_dataset.h"
#include "ui_test_data.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace persona;
using namespace persona::ui;

class TestWorkbenchState : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The window remembers its settings: keep them in a folder of this test's own.
        QVERIFY(m_settingsDir.isValid());
        uitest::useOwnSettings(m_settingsDir.path(), "test_workbench_state");
    }

    void announcesChangesOnce()
    {
        const DatasetPtr ds = loadPreparedDataset(QStringLiteral(PERSONA_TEST_DATA "/nn/tiny_train/dataset"));
        QVERIFY(ds && ds->dataset.users.size() >= 2);
        WorkbenchState state;
        QSignalSpy selection(&state, &WorkbenchState::selectionChanged);
        QSignalSpy key(&state, &WorkbenchState::userKeyChanged);
        QSignalSpy sample(&state, &WorkbenchState::sampleChanged);
        QVERIFY(state.userKey().isEmpty());

        state.setSelection(ds, 1, {0, 2});
        QCOMPARE(selection.count(), 1);
        QCOMPARE(key.count(), 1);
        QCOMPARE(key.last().at(0).toString(), QString::fromStdString(ds->dataset.users[1].key));
        QCOMPARE(state.userKey(), QString::fromStdString(ds->dataset.users[1].key));
        state.setSelection(ds, 1, {0, 2}); // nothing changed: nothing said
        QCOMPARE(selection.count(), 1);
        state.setSelection(ds, 1, {0, 3}); // a new sample of the same user: the key stays
        QCOMPARE(selection.count(), 2);
        QCOMPARE(key.count(), 1);
        state.setSelection(ds, 99, {}); // an index past the users has no key
        QCOMPARE(key.count(), 2);
        QVERIFY(state.userKey().isEmpty());

        state.setSample(10, data::SamplingStrategy::Random);
        state.setSample(10, data::SamplingStrategy::Random);
        QCOMPARE(sample.count(), 1);
        state.setSample(10, data::SamplingStrategy::LongTail);
        QCOMPARE(sample.count(), 2);
        QCOMPARE(state.strategy(), data::SamplingStrategy::LongTail);
    }

    void dataAndMethodViewsShareOneSample()
    {
        MainWindow window;
        auto* data = window.findChild<DataView*>();
        auto* method = window.findChild<MethodView*>();
        QVERIFY(data && method && window.state());
        // Edit the sample in the Method view: the Data view and the state follow, both settings at once.
        MethodSettings s = method->settings();
        s.historySize = s.historySize == 7 ? 9 : 7;
        s.sampling = s.sampling == data::SamplingStrategy::Random ? data::SamplingStrategy::LongTail
                                                                  : data::SamplingStrategy::Random;
        QSignalSpy announced(window.state(), &WorkbenchState::sampleChanged);
        method->setSettings(s);
        // One announcement: the Data view's own change signals, while it is set to the new sample,
        // do not write a half-set sample (new size, old strategy) back.
        QCOMPARE(announced.count(), 1);
        QCOMPARE(data->historySize(), s.historySize);
        QCOMPARE(data->strategy(), s.sampling);
        QCOMPARE(window.state()->historySize(), s.historySize);
        QCOMPARE(window.state()->strategy(), s.sampling);
        QCOMPARE(method->settings().sampling, s.sampling); // not reverted half-way
        // And the other way round.
        data->setStrategy(data::SamplingStrategy::Recency);
        data->setHistorySize(12);
        QCOMPARE(method->settings().sampling, data::SamplingStrategy::Recency);
        QCOMPARE(method->settings().historySize, 12);
        QCOMPARE(window.state()->historySize(), 12);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestWorkbenchState)
#include "test_workbench_state.moc"
