// What-if histories (core/data/history_edit): drops, re-ratings and additions applied in order on the
// ml-100k fixture, additions placed last in time, and every edit that does not fit refused with the
// user and the item named.
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/data/history_edit.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace persona;
using namespace persona::data;

namespace {

Dataset load()
{
    LoadOptions o;
    o.minItemRatings = 1;
    o.strict = true;
    return loadDataset(std::string(PERSONA_TEST_DATA) + "/movielens/ml-100k", o);
}

std::vector<std::string> keys(const Dataset& ds, const std::vector<Interaction>& h)
{
    std::vector<std::string> out;
    for (const auto& x : h)
        out.push_back(ds.items[x.item].key);
    return out;
}

void expectRefused(const Dataset& ds, const User& u, const std::vector<HistoryEdit>& edits, const char* words)
{
    try {
        applyHistoryEdits(ds, u, edits);
        QFAIL(qPrintable(QStringLiteral("accepted: ") + QString::fromUtf8(words)));
    } catch (const ConfigError& e) {
        const std::string m = e.what();
        QVERIFY2(m.find(words) != std::string::npos && m.find("user " + u.key) != std::string::npos, e.what());
    }
}

} // namespace

class TestHistoryEdit : public QObject {
    Q_OBJECT
private slots:
    void editsApplyInOrder()
    {
        const Dataset ds = load();
        const User& u = ds.users[*ds.findUser("1")]; // items 1, 2, 3, 4 rated 5, 3, 4, 2
        const auto h = applyHistoryEdits(ds, u,
                                         {parseHistoryEdit(HistoryEdit::Kind::Drop, "2"),
                                          parseHistoryEdit(HistoryEdit::Kind::Rate, "4=1"),
                                          parseHistoryEdit(HistoryEdit::Kind::Add, "5=4.5")});
        QCOMPARE(keys(ds, h), (std::vector<std::string>{"1", "3", "4", "5"}));
        QCOMPARE(h[2].rating, 1.0f);          // re-rated in place
        QCOMPARE(h[2].timestamp, std::int64_t(400));
        QCOMPARE(h[3].rating, 4.5f);
        QCOMPARE(h[3].timestamp, std::int64_t(401)); // after the latest rating: recency shows it
        QCOMPARE(keys(ds, u.history), (std::vector<std::string>{"1", "2", "3", "4"})); // the user itself unchanged
        QCOMPARE(ratingScale(ds), (std::pair<float, float>{1.0f, 5.0f}));
        QCOMPARE(describeHistoryEdit(ds, parseHistoryEdit(HistoryEdit::Kind::Rate, "4=1")), std::string("rate Heat (1995) (rated 1)"));
    }

    void badEditsAreRefused()
    {
        const Dataset ds = load();
        const User& u = ds.users[*ds.findUser("1")];
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Drop, "999")}, "'999' is not in the catalogue");
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Drop, "5")}, "not in the history");
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Rate, "5=3")}, "not in the history");
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Add, "1=3")}, "already in the history");
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Rate, "1=6")}, "outside the dataset's scale 1 to 5");
        expectRefused(ds, u, {parseHistoryEdit(HistoryEdit::Kind::Add, "5")}, "needs a rating");
        expectRefused(ds, u,
                      {parseHistoryEdit(HistoryEdit::Kind::Drop, "1"), parseHistoryEdit(HistoryEdit::Kind::Drop, "2"),
                       parseHistoryEdit(HistoryEdit::Kind::Drop, "3"), parseHistoryEdit(HistoryEdit::Kind::Drop, "4")},
                      "leave no history item");
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseHistoryEdit(HistoryEdit::Kind::Rate, "4"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseHistoryEdit(HistoryEdit::Kind::Rate, "4=high"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseHistoryEdit(HistoryEdit::Kind::Drop, "4=1"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseHistoryEdit(HistoryEdit::Kind::Drop, ""));
    }
};

QTEST_APPLESS_MAIN(TestHistoryEdit)
#include "test_history_edit.moc"
