// Reports (core/api/report): a user's report holds the user's whole history with exactly the items
// the run showed marked, each run's answer, the attribution rows explain() gives, the notes and tags
// of the store's record of that run (escaped); a run's report has slices whose user counts add up to
// the split, the worst users in ascending F1 and the disagreement list against a second run; errors
// for an unknown user and a missing store.
#include "tiny_run_folder.h"

#include "core/api/report.h"
#include "core/api/trained_run.h"
#include "core/common/error.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <map>

using namespace persona;

namespace {

int count(const std::string& text, const std::string& needle)
{
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

std::string signed2(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.2f", v);
    return buf;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_run, m_other;

    std::string path(const char* name) { return m_tmp.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_run = path("persoma");
        testing::makeTinyPersomaRun(m_run, 40);
        m_other = path("other");
        testing::makeTinyPersomaRun(m_other, 5);
    }

    void escapesText()
    {
        QCOMPARE(api::htmlEscape("<script>a & 'b' \"c\"</script>\x01\x7f"),
                 std::string("&lt;script&gt;a &amp; &#39;b&#39; &quot;c&quot;&lt;/script&gt;\x7f"));
        QCOMPARE(api::htmlEscape("one\ntwo"), std::string("one<br>two"));
    }

    void userReportShowsHistoryAnswersAttributionAndNotes()
    {
        auto run = api::TrainedRun::open(m_run);
        const std::string user = run->userKeys("test").front();
        const auto history = run->history(user);
        const auto prediction = run->predict(user);

        // The store's record of this run folder, with an analyst's note on the user's prediction.
        const std::string storePath = path("runs.sqlite");
        {
            store::Store st(storePath);
            store::NewRun n;
            n.name = "tiny";
            n.method = "persoma";
            n.config = {{"outputDir", m_run}};
            const auto id = st.createRun(n);
            store::PredictionRecord p;
            p.userId = user;
            p.output = prediction.output;
            p.note = "<b>check</b> the war films";
            p.tags = nlohmann::json::array({"teaching", "a&b"});
            st.addPrediction(id, p);
        }
        api::UserReportOptions o;
        o.storePath = storePath;
        o.meanVector = false;
        const api::UserReport r = api::buildUserReport(std::vector<std::string>{m_run, m_other}, user, o);
        QCOMPARE(r.user, user);
        QCOMPARE(r.parts.size(), std::size_t(2));
        QCOMPARE(r.history.size(), history.size());

        // Exactly the items the run showed are marked, and they are the attributed ones, in order.
        std::vector<std::string> shown;
        for (const auto& h : r.history)
            if (h.shown)
                shown.push_back(h.title);
        QCOMPARE(int(shown.size()), prediction.historyItems);
        QVERIFY(r.parts[0].hasExplain);
        QCOMPARE(r.parts[0].explain.items.size(), shown.size());
        for (std::size_t i = 0; i < shown.size(); ++i)
            QCOMPARE(r.parts[0].explain.items[i].title, shown[i]);
        QCOMPARE(r.parts[0].prediction.output, prediction.output); // the same greedy answer
        QCOMPARE(r.parts[0].note, std::string("<b>check</b> the war films"));
        QCOMPARE(r.parts[0].tags, (std::vector<std::string>{"teaching", "a&b"}));
        QVERIFY(r.parts[1].note.empty()); // the other run has no store record
        QVERIFY(r.parts[0].hasNeighbours);

        const std::string html = api::userReportHtml(r);
        QVERIFY(html.rfind("<!DOCTYPE html>", 0) == 0);
        QCOMPARE(count(html, "<tr class=\"shown\">"), int(shown.size()));
        for (const auto& h : r.history)
            QVERIFY2(html.find(api::htmlEscape(h.title)) != std::string::npos, h.title.c_str());
        for (const auto& x : r.parts[0].explain.items)
            QVERIFY2(html.find(signed2(x.answerDelta)) != std::string::npos, x.title.c_str());
        QVERIFY(html.find("&lt;b&gt;check&lt;/b&gt; the war films") != std::string::npos);
        QVERIFY(html.find("<b>check</b>") == std::string::npos);
        QVERIFY(html.find("a&amp;b") != std::string::npos);
        QVERIFY(html.find("<script") == std::string::npos);
        QVERIFY(html.find(api::htmlEscape(m_other)) != std::string::npos);

        // Without attribution: the same answer, no attribution table.
        o.attribution = false;
        const api::UserReport quick = api::buildUserReport(std::vector<std::string>{m_run}, user, o);
        QVERIFY(!quick.parts[0].hasExplain);
        QCOMPARE(quick.parts[0].prediction.output, prediction.output);
        QVERIFY(api::userReportHtml(quick).find("Item attribution") == std::string::npos);
    }

    void runReportSlicesWorstUsersAndDisagreements()
    {
        api::RunReportRequest q;
        q.runDir = m_run;
        q.compareRunDir = m_other;
        q.worst = 2;
        const nlohmann::json report = api::buildRunReport(q);
        const nlohmann::json& e = report["run"];
        const auto& rows = e["perUser"];
        const int users = e["users"].get<int>();
        QCOMPARE(int(rows.size()), users);
        QVERIFY(users >= 3);

        // Each attribute's slices add up to the split.
        std::map<std::string, int> perAttribute;
        for (const auto& s : e["slices"])
            perAttribute[s["attribute"].get<std::string>()] += s["users"].get<int>();
        QVERIFY(perAttribute.count("history") && perAttribute.count("rating") && perAttribute.count("genres"));
        for (const auto& [attribute, n] : perAttribute)
            QVERIFY2(n == users, attribute.c_str());

        // The worst users: the lowest F1 first, as many as asked.
        std::vector<std::pair<double, std::string>> byF1;
        for (const auto& row : rows)
            byF1.emplace_back(row["f1"].get<double>(), row["user"].get<std::string>());
        std::stable_sort(byF1.begin(), byF1.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        const std::string html = api::runReportHtml(report);
        const auto worstAt = html.find("Users it answers worst");
        const auto sharedAt = html.find("Answers several users share");
        QVERIFY(worstAt != std::string::npos && sharedAt > worstAt);
        const std::string worst = html.substr(worstAt, sharedAt - worstAt);
        QCOMPARE(count(worst, "<tr><td>"), 2);
        QVERIFY(worst.find("The 2 lowest of " + std::to_string(users) + " users by F1.") != std::string::npos);
        QVERIFY(worst.find("<tr><td>" + byF1[0].second + "</td>") < worst.find("<tr><td>" + byF1[1].second + "</td>"));
        for (const auto& s : e["slices"])
            QVERIFY(html.find("<td>" + api::htmlEscape(s["value"].get<std::string>()) + "</td>") != std::string::npos);

        // Against the other run: the users by the largest F1 difference.
        QVERIFY(report["compare"].is_object());
        const auto disagreeAt = html.find("Where the two runs disagree most");
        QVERIFY(disagreeAt != std::string::npos);
        std::map<std::string, double> theirs;
        for (const auto& row : report["compare"]["perUser"])
            theirs[row["user"].get<std::string>()] = row["f1"].get<double>();
        double largest = -1.0;
        std::string largestUser;
        for (const auto& row : rows) {
            const double gap = std::abs(row["f1"].get<double>() - theirs.at(row["user"].get<std::string>()));
            if (gap > largest) {
                largest = gap;
                largestUser = row["user"].get<std::string>();
            }
        }
        QVERIFY(html.find("<tr><td>" + largestUser + "</td>", disagreeAt) != std::string::npos);
    }

    void errors()
    {
        try {
            api::buildUserReport(std::vector<std::string>{m_run}, "no-such-user");
            QFAIL("no error for an unknown user");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("no-such-user"), e.what());
        }
        api::UserReportOptions o;
        o.storePath = path("missing.sqlite");
        const std::string user = api::TrainedRun::open(m_run)->userKeys("test").front();
        QVERIFY_THROWS_EXCEPTION(IoError, api::buildUserReport(std::vector<std::string>{m_run}, user, o));
        QVERIFY(!QFile::exists(QString::fromStdString(o.storePath))); // reading never creates a store
        api::RunReportRequest q;
        q.runDir = m_run;
        q.worst = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::buildRunReport(q));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
