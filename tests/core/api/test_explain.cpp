// Item attribution (core/train/attribution, TrainedRun::explain, api/explain): the batched
// log-probabilities against one-example cross-entropy, a left-out item against the same user with
// that rating removed from the data files, the mean-vector variant of items the encoder cannot tell
// apart, PERSOMA's salience against a finite difference, the JSON and CSV, and the errors.
#include "tiny_run_folder.h"

#include "core/api/explain.h"
#include "core/api/trained_run.h"
#include "core/common/error.h"
#include "core/train/attribution.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

using namespace persona;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path& p, const std::string& text)
{
    std::ofstream(p) << text;
}

// A copy of the tiny dataset folder; `edit` changes the .inter and .item texts.
std::string copyDataset(const std::string& dir, const std::function<void(std::string& inter, std::string& item)>& edit)
{
    fs::create_directories(dir);
    std::string inter = readText(testing::tinyTrainPath("dataset/tiny.inter"));
    std::string item = readText(testing::tinyTrainPath("dataset/tiny.item"));
    edit(inter, item);
    writeText(fs::path(dir) / "tiny.inter", inter);
    writeText(fs::path(dir) / "tiny.item", item);
    return dir;
}

double relDiff(double a, double b)
{
    return std::abs(a - b) / std::max(1.0, std::abs(b));
}

} // namespace

class TestExplain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_persoma;

    std::string path(const char* name) { return m_tmp.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_persoma = path("persoma");
        testing::makeTinyPersomaRun(m_persoma, 40);
    }

    // Scored together with padding, each example's log-probability is its own cross-entropy
    // (one example at a time) times its target length, for PERSOMA and for text prompting.
    void batchedLogProbsEqualSingleLoss()
    {
        auto check = [](train::Run& run) {
            run.method().setTraining(false);
            std::vector<methods::Example> ex = run.examples(data::Split::Train, 5);
            ex.front().targetIds.resize(2); // another target length
            std::vector<const methods::Example*> batch;
            for (const auto& e : ex)
                batch.push_back(&e);
            const torch::Tensor lp = run.method().targetLogProbs(batch);
            QCOMPARE(lp.size(0), std::int64_t(ex.size()));
            for (std::size_t i = 0; i < ex.size(); ++i) {
                const double single = -run.method().loss({&ex[i]}).item<double>() * double(ex[i].targetIds.size());
                const double batched = lp[std::int64_t(i)].item<double>();
                QVERIFY2(relDiff(batched, single) < 1e-4, qPrintable(QString("%1 against %2").arg(batched).arg(single)));
                QVERIFY(batched < 0.0);
            }
            // Several target sets after inputs run once (a KV cache rewound between sets) give
            // each set's own scores: the examples' targets, and one shared 2-token target.
            std::vector<std::vector<std::int64_t>> own, shared;
            std::vector<methods::Example> sharedEx = ex;
            for (auto& e : sharedEx) {
                own.push_back(e.targetIds);
                e.targetIds = ex.front().targetIds;
                shared.push_back(e.targetIds);
            }
            std::vector<const methods::Example*> sharedBatch;
            for (const auto& e : sharedEx)
                sharedBatch.push_back(&e);
            const torch::Tensor sharedLp = run.method().targetLogProbs(sharedBatch);
            const auto sets = run.method().targetLogProbsSets(batch, {own, shared, own});
            QCOMPARE(sets.size(), std::size_t(3));
            for (std::size_t i = 0; i < ex.size(); ++i) {
                const auto r = std::int64_t(i);
                QVERIFY2(relDiff(sets[0][r].item<double>(), lp[r].item<double>()) < 1e-4, qPrintable(QString::number(i)));
                QVERIFY2(relDiff(sets[1][r].item<double>(), sharedLp[r].item<double>()) < 1e-4, qPrintable(QString::number(i)));
                QVERIFY2(relDiff(sets[2][r].item<double>(), lp[r].item<double>()) < 1e-4, qPrintable(QString::number(i)));
            }
        };
        auto persoma = train::Run::open(m_persoma);
        check(*persoma);
        train::Run text(train::RunConfig::fromJson(testing::tinyRunConfig(path("text-unused"), "zero-shot")));
        check(text);
    }

    // Zero-shot text prompting: leaving a shown item out gives the input and answer of the same
    // user read from data files that hold only the other shown ratings.
    void leftOutItemIsTheUserWithoutIt()
    {
        nlohmann::json j = testing::tinyRunConfig(path("zs"), "zero-shot");
        j["data"]["historySize"] = 3; // the tiny decoder's context (512) holds three item lines and the answer
        train::Run probe(train::RunConfig::fromJson(j));
        const std::string userKey = probe.dataset().users.at(probe.users(data::Split::Test, 1).front()).key;
        const methods::Example e = probe.example(userKey);
        auto run = api::TrainedRun::openZeroShot(j.dump());
        const api::ExplainView v = run->explain(userKey);
        const auto& user = probe.dataset().users.at(e.user);
        QCOMPARE(v.items.size(), e.positions.size());
        QCOMPARE(v.full.shownItems.size(), e.positions.size());
        QVERIFY(v.scored);
        QVERIFY(std::isfinite(v.answerLogProb) && v.answerLogProb < 0.0);
        QVERIFY(std::isfinite(v.truthLogProb) && v.truthLogProb < 0.0);

        const std::size_t dropped = 1;
        const api::ItemEffectView& x = v.items.at(dropped);
        QCOMPARE(std::size_t(x.position), e.positions.at(dropped));
        QCOMPARE(x.title, probe.dataset().items.at(user.history.at(std::size_t(x.position)).item).title);
        QVERIFY(v.full.inputText.find(x.title) != std::string::npos);
        QVERIFY(x.leftOut.inputText.find(x.title) == std::string::npos); // the item really left the prompt
        std::vector<std::string> expected = v.full.shownItems;
        expected.erase(expected.begin() + std::ptrdiff_t(dropped));
        QCOMPARE(x.leftOut.shownItems, expected);
        QVERIFY(std::isfinite(x.answerDelta) && std::isfinite(x.truthDelta));
        QVERIFY(!x.hasMeanVector);
        QVERIFY(std::isnan(x.salience));

        // The same user in data files holding only the other shown ratings (so recency shows them all).
        std::set<std::string> kept;
        for (std::size_t i = 0; i < e.positions.size(); ++i)
            if (i != dropped)
                kept.insert(probe.dataset().items.at(user.history.at(e.positions[i]).item).key);
        const std::string edited = copyDataset(path("edited"), [&](std::string& inter, std::string&) {
            std::stringstream in(inter);
            std::string out, l;
            while (std::getline(in, l)) {
                const auto tab = l.find('\t');
                const std::string u = l.substr(0, tab);
                const std::string item = l.substr(tab + 1, l.find('\t', tab + 1) - tab - 1);
                if (u != userKey || kept.count(item))
                    out += l + "\n";
            }
            inter = out;
        });
        j["data"]["dataset"] = edited;
        auto without = api::TrainedRun::openZeroShot(j.dump());
        const api::UserPredictionView p = without->predict(userKey);
        QCOMPARE(p.shownItems, x.leftOut.shownItems);
        QCOMPARE(p.inputText, x.leftOut.inputText);
        QCOMPARE(p.output, x.leftOut.output);

        // JSON and CSV: one entry per shown item.
        const nlohmann::json js = api::explainJson(v);
        QCOMPARE(js["items"].size(), v.items.size());
        QCOMPARE(js["items"][dropped]["title"].get<std::string>(), x.title);
        QCOMPARE(js["items"][dropped]["leftOut"]["answerDelta"].get<double>(), x.answerDelta);
        const std::string csv = api::explainCsv(v);
        QCOMPARE(std::size_t(std::count(csv.begin(), csv.end(), '\n')), v.items.size() + 1);
        QVERIFY(csv.rfind("position,title,rating,answer_delta", 0) == 0);
    }

    // Deltas are log-probabilities of the same texts under another input: the variant's own scores.
    void deltasAreScoresOfTheVariants()
    {
        auto run = train::Run::open(m_persoma);
        const std::string userKey = run->dataset().users.at(run->users(data::Split::Test, 1).front()).key;
        const methods::Example e = run->example(userKey);
        const train::Attribution a = train::attributeItems(*run, e);
        QCOMPARE(a.items.size(), e.positions.size());
        QVERIFY(a.scored);
        std::vector<std::int64_t> answer = a.full.prediction.ids;
        if (a.full.prediction.generatedTokens > int(answer.size()) || answer.empty())
            answer.push_back(e.targetIds.back());
        QCOMPARE(a.answerTokens, int(answer.size()));
        for (std::size_t j = 0; j < e.positions.size(); ++j) {
            std::vector<std::size_t> kept = e.positions;
            kept.erase(kept.begin() + std::ptrdiff_t(j));
            methods::Example v = run->exampleWithPositions(e, kept);
            QCOMPARE(v.items.size(0), std::int64_t(kept.size()));
            const double truth = run->method().targetLogProbs({&v})[0].item<double>();
            v.targetIds = answer;
            const double own = run->method().targetLogProbs({&v})[0].item<double>();
            QVERIFY2(relDiff(a.items[j].leftOut.truthLogProb, truth) < 1e-4, qPrintable(QString::number(j)));
            QVERIFY2(relDiff(a.items[j].leftOut.answerLogProb, own) < 1e-4, qPrintable(QString::number(j)));
            // Greedy output of the variant alone equals the batched one.
            QCOMPARE(run->method().predict(v, run->config().train.eval.generation).text, a.items[j].leftOut.prediction.text);
        }
    }

    // PERSOMA: the salience is the derivative of log p(answer) along each item vector, as a
    // central finite difference measures it.
    void salienceIsTheDirectionalDerivative()
    {
        auto run = train::Run::open(m_persoma);
        const std::string userKey = run->dataset().users.at(run->users(data::Split::Test, 1).front()).key;
        const methods::Example e = run->example(userKey);
        const train::Attribution a = train::attributeItems(*run, e);
        std::vector<std::int64_t> answer = a.full.prediction.ids;
        if (a.full.prediction.generatedTokens > int(answer.size()) || answer.empty())
            answer.push_back(e.targetIds.back());
        const double eps = 1e-2;
        double largest = 0.0;
        for (std::size_t j = 0; j < e.positions.size(); ++j) {
            auto scaled = [&](double factor) {
                methods::Example v = e;
                v.targetIds = answer;
                v.items = e.items.clone();
                v.items[std::int64_t(j)].mul_(factor);
                return run->method().targetLogProbs({&v})[0].item<double>();
            };
            const double fd = (scaled(1.0 + eps) - scaled(1.0 - eps)) / (2.0 * eps);
            const double s = a.items[j].salience;
            QVERIFY(std::isfinite(s));
            QVERIFY2(std::abs(fd - s) < 0.02 + 0.05 * std::abs(s), qPrintable(QString("item %1: %2 against %3").arg(j).arg(s).arg(fd)));
            largest = std::max(largest, std::abs(s));
        }
        QVERIFY(largest > 1e-3); // the items do move the answer
    }

    // Items the history encoder cannot tell apart (same title, year, genres and rating): replacing
    // one by the mean vector changes nothing, neither the answer nor its log-probability.
    void meanVectorOfIdenticalItemsChangesNothing()
    {
        auto probe = train::Run::open(m_persoma);
        const data::Dataset& ds = probe->dataset();
        const std::string userKey = ds.users.at(probe->users(data::Split::Test, 1).front()).key;
        const methods::Example e = probe->example(userKey);
        const data::User& user = ds.users.at(e.user);
        std::set<std::string> keys;
        for (std::size_t pos : e.positions)
            keys.insert(ds.items.at(user.history.at(pos).item).key);
        const std::string edited = copyDataset(path("same-items"), [&](std::string& inter, std::string& item) {
            std::stringstream ratings(inter);
            std::string lines, r;
            while (std::getline(ratings, r)) {
                const auto tab = r.find('\t');
                const auto tab2 = r.find('\t', tab + 1);
                const auto tab3 = r.find('\t', tab2 + 1);
                if (r.substr(0, tab) == userKey && keys.count(r.substr(tab + 1, tab2 - tab - 1)))
                    r = r.substr(0, tab2) + "\t4" + r.substr(tab3);
                lines += r + "\n";
            }
            inter = lines;
            std::stringstream in(item);
            std::string out, l;
            std::getline(in, l);
            out = l + "\n";
            while (std::getline(in, l)) {
                const std::string key = l.substr(0, l.find('\t'));
                out += (keys.count(key) ? key + "\tSame Film\t1990\tDrama" : l) + "\n";
            }
            item = out;
        });
        nlohmann::json j = nlohmann::json::parse(readText(fs::path(m_persoma) / "config.json"));
        const std::string dir = path("persoma-same");
        fs::create_directories(dir);
        fs::copy_file(fs::path(m_persoma) / "checkpoint.safetensors", fs::path(dir) / "checkpoint.safetensors");
        j["data"]["dataset"] = edited;
        j["outputDir"] = dir;
        writeText(fs::path(dir) / "config.json", j.dump(2));
        const api::ExplainView v = api::TrainedRun::open(dir)->explain(userKey);
        QVERIFY(!v.items.empty());
        for (const auto& x : v.items) {
            QVERIFY(x.hasMeanVector);
            QCOMPARE(x.meanVector.output, v.full.output);
            QVERIFY2(std::abs(x.meanAnswerDelta) < 1e-3, qPrintable(QString::number(x.meanAnswerDelta)));
            QVERIFY2(std::abs(x.meanTruthDelta) < 1e-3, qPrintable(QString::number(x.meanTruthDelta)));
            QVERIFY(x.meanAppeared.empty() && x.meanVanished.empty());
            QVERIFY(std::isfinite(x.salience));
        }
        const nlohmann::json js = api::explainJson(v);
        QVERIFY(js["items"][0].contains("meanVector"));
        QVERIFY(js["items"][0].contains("salience"));

        // Without the mean-vector variants: the same leave-one-out figures, nothing else.
        const api::ExplainView lean = api::TrainedRun::open(dir)->explain(userKey, 0, false);
        QCOMPARE(lean.items.size(), v.items.size());
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            QVERIFY(!lean.items[i].hasMeanVector);
            QCOMPARE(lean.items[i].leftOut.output, v.items[i].leftOut.output);
            QVERIFY(std::abs(lean.items[i].answerDelta - v.items[i].answerDelta) < 1e-4);
            QVERIFY(std::abs(lean.items[i].truthDelta - v.items[i].truthDelta) < 1e-4);
        }
        QVERIFY(!api::explainJson(lean)["items"][0].contains("meanVector"));
    }

    // The Perceiver's attention beside leave-one-out: each shown item's share is the mean over the
    // latents of TrainedRun::attention's row weights (the tiny run's adapter is a Perceiver), the
    // shares add up to 1, and the JSON, CSV and report carry them.
    void perceiverAttentionBesideLeaveOneOut()
    {
        auto run = api::TrainedRun::open(m_persoma);
        QVERIFY(run->hasAttention());
        const std::string user = run->userKeys("test").front();
        const api::ExplainView v = run->explain(user, 0, false);
        const api::AttentionView a = run->attention(user);
        QCOMPARE(a.items.size(), v.items.size());
        double total = 0.0;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            double mean = 0.0;
            for (const auto& row : a.weights)
                mean += row[i];
            mean /= static_cast<double>(a.weights.size());
            QCOMPARE(a.items[i], v.items[i].title); // the same order: the shown items, in input order
            QVERIFY2(std::abs(v.items[i].attention - mean) < 1e-6,
                     qPrintable(QString("%1 against %2").arg(v.items[i].attention).arg(mean)));
            total += v.items[i].attention;
        }
        QVERIFY(std::abs(total - 1.0) < 1e-5);
        QCOMPARE(api::explainJson(v)["items"][0]["attention"].get<double>(), v.items[0].attention);
        const std::string csv = api::explainCsv(v);
        QVERIFY(csv.substr(0, csv.find('\n')).ends_with(",salience,attention"));
    }

    // What-if: the edited history is predicted like any user (a dropped item leaves what the
    // method was shown); the dataset keeps the user's own history; a bad edit changes nothing.
    void whatIfEditsTheHistoryOnly()
    {
        nlohmann::json j = testing::tinyRunConfig(path("whatif"), "zero-shot");
        j["data"]["historySize"] = 3;
        auto run = api::TrainedRun::openZeroShot(j.dump());
        const std::string userKey = run->userKeys("test").front();
        const api::UserPredictionView before = run->predict(userKey);
        train::Run probe(train::RunConfig::fromJson(j));
        const methods::Example e = probe.example(userKey);
        const data::User& user = probe.dataset().users.at(e.user);
        const data::Item& shown = probe.dataset().items.at(user.history.at(e.positions.back()).item);

        const api::WhatIfView w = run->whatIf(userKey, {{"drop", shown.key}});
        QCOMPARE(w.original.output, before.output);
        QCOMPARE(w.edits, std::vector<std::string>{"drop " + shown.title});
        QVERIFY(before.inputText.find(shown.title) != std::string::npos);
        QVERIFY(w.edited.inputText.find(shown.title) == std::string::npos);
        QCOMPARE(int(w.edited.shownItems.size()), 3); // recency reaches one item further back
        const api::UserPredictionView after = run->predict(userKey);
        QCOMPARE(after.inputText, before.inputText); // the user's own history is back
        QCOMPARE(after.output, before.output);

        try {
            run->whatIf(userKey, {{"drop", shown.key}, {"rate", "no-such-item", 2.0}});
            QFAIL("an item outside the catalogue was accepted");
        } catch (const ConfigError& err) {
            QVERIFY2(std::string(err.what()).find("'no-such-item' is not in the catalogue") != std::string::npos, err.what());
        }
        QCOMPARE(run->predict(userKey).inputText, before.inputText);
        QVERIFY_THROWS_EXCEPTION(ConfigError, run->whatIf(userKey, {}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, run->whatIf(userKey, {{"swap", shown.key}}));
    }

    void errorsBeforeAnythingRuns()
    {
        auto run = api::TrainedRun::open(m_persoma);
        QVERIFY_THROWS_EXCEPTION(ConfigError, run->explain("no-such-user"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, run->explain(run->userKeys("test").front(), -1));
        nlohmann::json j = testing::tinyRunConfig(path("one-item"), "zero-shot");
        j["data"]["historySize"] = 1;
        auto one = api::TrainedRun::openZeroShot(j.dump());
        try {
            one->explain(one->userKeys("test").front());
            QFAIL("a sample of one item was explained");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("history size of 2 or more") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestExplain)
#include "test_explain.moc"
