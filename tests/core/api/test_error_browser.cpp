// The error browser's order (core/api/error_browser): a real store holding two runs' test
// predictions of the ml-100k fixture's users: lowest F1 first, the largest gap first (users both
// runs answered), the tag and slice filters (u.user's gender, the derived history band), and the
// errors.
#include "core/api/error_browser.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace persona;

namespace {

std::vector<std::string> usersOf(const api::UserRanking& r)
{
    std::vector<std::string> out;
    for (const auto& u : r.users)
        out.push_back(u.user);
    return out;
}

} // namespace

class TestErrorBrowser : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::string m_store;
    std::int64_t m_a = 0, m_b = 0, m_empty = 0;
    data::Dataset m_ds;

    std::int64_t addRun(store::Store& st, const char* name,
                        const std::vector<std::tuple<std::string, double, std::vector<std::string>>>& rows)
    {
        store::NewRun n;
        n.name = name;
        n.method = "persoma";
        const auto id = st.createRun(n);
        for (const auto& [user, f1, tags] : rows) {
            store::PredictionRecord p;
            p.userId = user;
            p.output = std::string(name) + " answer for " + user;
            p.metrics = {{"f1", f1}, {"truth", {{"liked", {"Drama", "Comedy"}}, {"disliked", {"Horror"}}}}};
            p.tags = nlohmann::json(tags);
            st.addPrediction(id, p);
        }
        return id;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_store = m_tmp.filePath("runs.sqlite").toStdString();
        store::Store st(m_store);
        m_a = addRun(st, "a", {{"1", 0.50, {}}, {"2", 0.10, {"look"}}, {"3", 0.80, {}}, {"4", 0.30, {}}});
        m_b = addRun(st, "b", {{"1", 0.90, {}}, {"2", 0.20, {}}, {"3", 0.70, {"look", "teaching"}}});
        store::NewRun n;
        n.name = "untested";
        n.method = "persoma";
        m_empty = st.createRun(n);
        data::LoadOptions o;
        o.minItemRatings = 0;
        m_ds = data::loadDataset(std::string(PERSONA_TEST_DATA) + "/movielens/ml-100k", o);
    }

    void lowestScoreFirst()
    {
        api::UserRankRequest q;
        q.storePath = m_store;
        q.run = m_a;
        const auto r = api::rankUsers(q);
        QCOMPARE(usersOf(r), (std::vector<std::string>{"2", "4", "1", "3"}));
        QCOMPARE(r.predictions, std::size_t(4));
        QCOMPARE(r.users.front().output, std::string("a answer for 2"));
        QCOMPARE(r.tags, (std::vector<std::string>{"look"}));
    }

    void largestGapFirstOverUsersBothAnswered()
    {
        api::UserRankRequest q;
        q.storePath = m_store;
        q.run = m_a;
        q.otherRun = m_b;
        q.order = api::UserOrder::LargestGap;
        const auto r = api::rankUsers(q);
        // gaps: 1: -0.4, 2: -0.1, 3: +0.1; user 4 only in run a.
        QCOMPARE(usersOf(r).front(), std::string("1"));
        QCOMPARE(r.users.size(), std::size_t(3));
        QVERIFY(std::abs(r.users.front().gap + 0.4) < 1e-12);
        QCOMPARE(r.users.front().otherOutput, std::string("b answer for 1"));
        QCOMPARE(r.tags, (std::vector<std::string>{"look", "teaching"})); // both runs' tags
        q.tag = "look"; // on user 2 in run a, user 3 in run b
        const auto tagged = api::rankUsers(q);
        std::vector<std::string> users = usersOf(tagged);
        std::sort(users.begin(), users.end());
        QCOMPARE(users, (std::vector<std::string>{"2", "3"}));
    }

    void slices()
    {
        api::UserRankRequest q;
        q.storePath = m_store;
        q.run = m_a;
        q.dataset = &m_ds;
        q.sliceAttribute = "gender";
        q.sliceValue = "M"; // users 1 and 3 (u.user); 4 has no line: "unknown"
        const auto men = api::rankUsers(q);
        QCOMPARE(usersOf(men), (std::vector<std::string>{"1", "3"}));
        QCOMPARE(men.sliceValues, (std::vector<std::string>{"F", "M", "unknown"}));
        q.sliceValue = "unknown";
        QCOMPARE(usersOf(api::rankUsers(q)), (std::vector<std::string>{"4"}));
        q.sliceAttribute = "history"; // every fixture user has fewer than 20 ratings
        q.sliceValue = "1-19";
        QCOMPARE(api::rankUsers(q).users.size(), std::size_t(4));
        q.sliceValue = "";
        QCOMPARE(api::rankUsers(q).sliceValues, (std::vector<std::string>{"1-19"}));
    }

    void errors()
    {
        api::UserRankRequest q;
        q.storePath = m_store;
        q.run = m_empty;
        try {
            api::rankUsers(q);
            QFAIL("no error for a run without predictions");
        } catch (const StoreError& e) {
            QVERIFY2(QString(e.what()).contains("untested") && QString(e.what()).contains("no stored test predictions"), e.what());
        }
        q.run = 999;
        QVERIFY_THROWS_EXCEPTION(StoreError, api::rankUsers(q));
        q.run = m_a;
        q.order = api::UserOrder::LargestGap;
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::rankUsers(q)); // no second run
        q.order = api::UserOrder::LowestScore;
        q.sliceAttribute = "gender";
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::rankUsers(q)); // no dataset
        q.dataset = &m_ds;
        q.sliceAttribute = "zip_code";
        try {
            api::rankUsers(q);
            QFAIL("no error for an attribute the dataset lacks");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("zip_code") && QString(e.what()).contains("occupation"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestErrorBrowser)
#include "test_error_browser.moc"
