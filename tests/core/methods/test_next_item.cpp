// Tests the next-item task (MiLP's next user content prediction) on the mini dataset and tiny
// random models: held-out target and history strictly before it under every sampling strategy,
// prompts, the sliding-window training examples, ROUGE / Persona-F1 scoring in the evaluator,
// the run config's task fields, and training on next-item examples.
#include "core/common/error.h"
#include "core/data/next_item_task.h"
#include "core/eval/text_metrics.h"
#include "core/methods/counting/counting_method.h"
#include "core/methods/text/text_prompt_method.h"
#include "core/train/evaluator.h"
#include "core/train/run_config.h"
#include "core/train/trainer.h"
#include "persoma_tiny.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace persona;

namespace {

methods::ExampleOptions nextOptions(std::size_t historySize, std::size_t holdout = 1)
{
    methods::ExampleOptions o;
    o.task = methods::TaskKind::NextItem;
    o.holdout = holdout;
    o.historySize = historySize;
    o.style = methods::PromptStyle::Plain;
    return o;
}

std::size_t userIndex(const data::Dataset& ds, const std::string& key)
{
    const auto u = ds.findUser(key);
    if (!u)
        throw ConfigError("test: no user " + key);
    return *u;
}

std::string titleAt(const data::Dataset& ds, std::size_t user, std::size_t pos)
{
    return ds.items[ds.users[user].history[pos].item].title;
}

train::TrainOptions quick(int steps)
{
    train::TrainOptions o;
    o.steps = steps;
    o.batchSize = 3;
    o.warmupSteps = 0;
    o.evalEvery = 0;
    o.patience = 0;
    o.learningRate = 1e-2;
    o.eval.generation.maxNewTokens = 12;
    return o;
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-12;
}

} // namespace

class TestNextItem : public QObject {
    Q_OBJECT

private slots:
    void taskNames()
    {
        QCOMPARE(std::string(methods::taskName(methods::TaskKind::Genres)), std::string("genres"));
        QCOMPARE(std::string(methods::taskName(methods::TaskKind::NextItem)), std::string("next-item"));
        QVERIFY(methods::parseTask("next-item") == methods::TaskKind::NextItem);
        QVERIFY(methods::parseTask("genres") == methods::TaskKind::Genres);
        try {
            methods::parseTask("next-word");
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("next-word") != std::string::npos);
        }
    }

    void heldOutTargetAndHistoryBeforeIt()
    {
        testing::TinyWorld w;
        const std::size_t u1 = userIndex(w.ds, "1"); // Toy Story, GoldenEye, Misérables, Heat (by time)
        auto ex = methods::buildExamples(w.ds, {u1}, nextOptions(2), methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QCOMPARE(ex.size(), std::size_t(1));
        const auto& e = ex[0];
        QVERIFY(e.task == methods::TaskKind::NextItem);
        QCOMPARE(e.targetPosition, std::size_t(3));
        QCOMPARE(e.targetText, std::string("Heat (1995)"));
        QCOMPARE(methods::nextItemText(w.ds, w.ds.items[w.ds.users[u1].history[3].item]), std::string("Heat (1995)"));
        QVERIFY((e.positions == std::vector<std::size_t>{1, 2})); // the 2 latest before the target
        QVERIFY(e.labels.empty());
        // targetIds: the target's tokens then the end-of-turn token.
        auto expected = methods::toInt64(w.tokenizer->encode("Heat (1995)", false));
        expected.push_back(methods::stopTokenIds(*w.tokenizer).front());
        QVERIFY(e.targetIds == expected);
        // The prompt holds the sampled history titles and the instruction, not the target or unsampled items.
        const std::string prompt = methods::promptText(w.ds, w.ds.users[u1], e.positions, nextOptions(2), methods::InputKind::Text);
        QVERIFY(methods::toInt64(w.tokenizer->encode(prompt, false)) == e.promptIds);
        QVERIFY(prompt.find("GoldenEye (1995)") != std::string::npos);
        QVERIFY(prompt.find("Misérables, Les (1995)") != std::string::npos);
        QVERIFY(prompt.find(data::kNextItemInstruction) != std::string::npos);
        QVERIFY(prompt.find("Heat") == std::string::npos);
        QVERIFY(prompt.find("Toy Story") == std::string::npos);
        QVERIFY(prompt.find("Genres: Animation") == std::string::npos);
        // Chat style wraps the same text in ChatML.
        auto chat = nextOptions(2);
        chat.style = methods::PromptStyle::Chat;
        const std::string chatPrompt = methods::promptText(w.ds, w.ds.users[u1], e.positions, chat, methods::InputKind::Text);
        QVERIFY(chatPrompt.find("<|im_start|>user") != std::string::npos);
        QVERIFY(chatPrompt.find("GoldenEye (1995)") != std::string::npos);

        // holdout 2: the target is the first held-out item, the history stops before it.
        auto ex2 = methods::buildExamples(w.ds, {u1}, nextOptions(5, 2), methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QCOMPARE(ex2[0].targetPosition, std::size_t(2));
        QCOMPARE(ex2[0].targetText, titleAt(w.ds, u1, 2));
        QVERIFY((ex2[0].positions == std::vector<std::size_t>{0, 1}));
    }

    void tooShortHistoryNamesTheUser()
    {
        testing::TinyWorld w;
        const std::size_t u4 = userIndex(w.ds, "4"); // a single rating
        try {
            methods::buildExamples(w.ds, {u4}, nextOptions(3), methods::InputKind::Text, w.tokenizer.get(), nullptr);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("user 4") != std::string::npos, e.what());
        }
        const std::size_t u2 = userIndex(w.ds, "2"); // 3 ratings: holding out 3 leaves nothing before
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildExamples(w.ds, {u2}, nextOptions(3, 3), methods::InputKind::Text,
                                                                     w.tokenizer.get(), nullptr));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildExamples(w.ds, {u2}, nextOptions(3, 0), methods::InputKind::Text,
                                                                     w.tokenizer.get(), nullptr));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildExamples(w.ds, {u2}, nextOptions(3), methods::InputKind::CountsOnly,
                                                                     nullptr, nullptr));
    }

    void samplingStrategiesRespected()
    {
        testing::TinyWorld w;
        // Retrieval's vectors: item i at angle 0.7 i on the unit circle (no queries: the next-item
        // task's query is the recent items).
        auto index = std::make_shared<data::RetrievalIndex>();
        index->dim = 2;
        for (std::size_t i = 0; i < w.ds.items.size(); ++i)
            index->items.insert(index->items.end(), {static_cast<float>(std::cos(0.7 * static_cast<double>(i))),
                                                     static_cast<float>(std::sin(0.7 * static_cast<double>(i)))});
        data::HistorySampler sampler(w.ds);
        sampler.setRetrieval(index);
        for (const auto strategy : data::allSamplingStrategies()) {
            for (std::size_t u = 0; u < 3; ++u) {
                auto o = nextOptions(2);
                o.retrieval = index;
                o.sampling = strategy;
                o.samplingSeed = 5;
                const auto& user = w.ds.users[u];
                const std::size_t t = user.history.size() - 1;
                const data::User before{user.key, {user.history.begin(), user.history.begin() + static_cast<std::ptrdiff_t>(t)}};
                const auto expected = sampler.sample(before, strategy, 2, 5);
                if (expected.empty()) { // Long Tail with no eligible item before the target: named error
                    QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildExamples(w.ds, {u}, o, methods::InputKind::Text,
                                                                                 w.tokenizer.get(), nullptr));
                    continue;
                }
                const auto ex = methods::buildExamples(w.ds, {u}, o, methods::InputKind::Text, w.tokenizer.get(), nullptr);
                QCOMPARE(ex[0].targetPosition, t);
                QVERIFY2(ex[0].positions == expected, data::samplingName(strategy));
                for (std::size_t p : ex[0].positions)
                    QVERIFY(p < t);
            }
        }
        // By hand: user 1's items before Heat are Toy Story (3 ratings), GoldenEye (2), Misérables (3).
        auto o = nextOptions(2);
        o.sampling = data::SamplingStrategy::TopKPopularity;
        const std::size_t u1 = userIndex(w.ds, "1");
        const auto top = methods::buildExamples(w.ds, {u1}, o, methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QVERIFY((top[0].positions == std::vector<std::size_t>{0, 2}));
        // The genre task on the same user samples from the whole history (Heat included).
        o.task = methods::TaskKind::Genres;
        o.sampling = data::SamplingStrategy::Recency;
        const auto genres = methods::buildExamples(w.ds, {u1}, o, methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QVERIFY((genres[0].positions == std::vector<std::size_t>{2, 3}));
        QVERIFY(genres[0].task == methods::TaskKind::Genres);
    }

    void softPromptExamplesUseTheInstruction()
    {
        testing::TinyWorld w;
        const std::size_t u1 = userIndex(w.ds, "1");
        const auto ex = methods::buildExamples(w.ds, {u1}, nextOptions(3), methods::InputKind::SoftPrompt, w.tokenizer.get(),
                                               w.history.get());
        QVERIFY((ex[0].positions == std::vector<std::size_t>{0, 1, 2}));
        QCOMPARE(ex[0].items.size(0), std::int64_t(3));
        const std::string instruction = std::string(data::kNextItemInstruction) + "\nAnswer: ";
        QVERIFY(methods::toInt64(w.tokenizer->encode(instruction, false)) == ex[0].promptIds);
        // The item vectors are those of the history before the target.
        const auto direct = w.history->encodeHistory(w.ds, w.ds.users[u1], {0, 1, 2});
        QVERIFY(torch::equal(ex[0].items, direct));
    }

    void trainingWindows()
    {
        testing::TinyWorld w;
        const std::size_t u1 = userIndex(w.ds, "1"), u2 = userIndex(w.ds, "2"), u3 = userIndex(w.ds, "3"),
                          u4 = userIndex(w.ds, "4");
        auto o = nextOptions(3);
        // holdout 1: user 1's targets are positions 1 and 2 (Heat, position 3, is held out).
        auto ex = methods::buildNextItemTrainingExamples(w.ds, {u1}, o, 2, methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QCOMPARE(ex.size(), std::size_t(2));
        QCOMPARE(ex[0].targetPosition, std::size_t(1));
        QCOMPARE(ex[0].targetText, titleAt(w.ds, u1, 1));
        QVERIFY((ex[0].positions == std::vector<std::size_t>{0}));
        QCOMPARE(ex[1].targetPosition, std::size_t(2));
        QVERIFY((ex[1].positions == std::vector<std::size_t>{0, 1}));
        for (const auto& e : ex) {
            QVERIFY(e.task == methods::TaskKind::NextItem);
            QVERIFY(e.targetText != "Heat (1995)");
            QVERIFY(!e.promptIds.empty());
        }
        // More windows than items: a window needs an item before its target (t >= 1).
        QCOMPARE(methods::buildNextItemTrainingExamples(w.ds, {u1}, o, 10, methods::InputKind::Text, w.tokenizer.get(), nullptr)
                     .size(),
                 std::size_t(2));
        // holdout 0 uses the whole history: targets 1, 2, 3.
        o.holdout = 0;
        ex = methods::buildNextItemTrainingExamples(w.ds, {u1}, o, 10, methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QCOMPARE(ex.size(), std::size_t(3));
        QCOMPARE(ex[2].targetText, std::string("Heat (1995)"));
        QVERIFY((ex[2].positions == std::vector<std::size_t>{0, 1, 2}));
        // One window per user, users in the given order; user 4 (one item) gives none.
        o.holdout = 1;
        ex = methods::buildNextItemTrainingExamples(w.ds, {u3, u4, u1, u2}, o, 1, methods::InputKind::Text, w.tokenizer.get(),
                                                    nullptr);
        QCOMPARE(ex.size(), std::size_t(3));
        QCOMPARE(ex[0].user, u3);
        QCOMPARE(ex[1].user, u1);
        QCOMPARE(ex[2].user, u2);
        QCOMPARE(ex[2].targetPosition, std::size_t(1));
        // A window's history is the sampled history of the items before its target.
        o.historySize = 1;
        ex = methods::buildNextItemTrainingExamples(w.ds, {u3}, o, 2, methods::InputKind::Text, w.tokenizer.get(), nullptr);
        QCOMPARE(ex.size(), std::size_t(2));
        QVERIFY((ex[0].positions == std::vector<std::size_t>{0}));
        QVERIFY((ex[1].positions == std::vector<std::size_t>{1}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildNextItemTrainingExamples(w.ds, {u4}, o, 1, methods::InputKind::Text,
                                                                                     w.tokenizer.get(), nullptr));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::buildNextItemTrainingExamples(w.ds, {u1}, o, 0, methods::InputKind::Text,
                                                                                     w.tokenizer.get(), nullptr));
    }

    void scoresByHand()
    {
        testing::TinyWorld w;
        methods::Example e;
        e.user = userIndex(w.ds, "1");
        e.task = methods::TaskKind::NextItem;
        e.positions = {0, 1}; // history text "Toy Story (1995)\nGoldenEye (1995)": toy story 1995 goldeneye 1995
        e.targetText = "Heat (1995)";
        QCOMPARE(data::nextItemHistoryText(w.ds, w.ds.users[e.user], e.positions), std::string("Toy Story (1995)\nGoldenEye (1995)"));
        // "GoldenEye (1995) Heat": ROUGE-1 P 2/3 R 1 -> 0.8; LCS [heat] or [1995] = 1: P 1/3 R 1/2 -> 0.4;
        // against the history: overlap goldeneye + 1995 = 2, P 2/3 R 2/5 -> 0.5.
        auto s = train::scoreNextItem(w.ds, e, "GoldenEye (1995) Heat");
        QVERIFY(near(s.rouge1, 0.8));
        QVERIFY(near(s.rougeL, 0.4));
        QVERIFY(near(s.personaF1, 0.5));
        s = train::scoreNextItem(w.ds, e, "Heat (1996)");
        QVERIFY(near(s.rouge1, 0.5));
        QVERIFY(near(s.rougeL, 0.5));
        QVERIFY(near(s.personaF1, 0.0));
        s = train::scoreNextItem(w.ds, e, "heat 1995");
        QVERIFY(near(s.rouge1, 1.0));
        QVERIFY(near(s.rougeL, 1.0));
        QVERIFY(near(s.personaF1, 2.0 * (1.0 / 2) * (1.0 / 5) / (1.0 / 2 + 1.0 / 5)));
        s = train::scoreNextItem(w.ds, e, "");
        QVERIFY(s.rouge1 == 0.0 && s.rougeL == 0.0 && s.personaF1 == 0.0);
    }

    void evaluatorAveragesTextMetrics()
    {
        testing::TinyWorld w;
        auto ex = methods::buildExamples(w.ds, {0, 1, 2}, nextOptions(3), methods::InputKind::Text, w.tokenizer.get(), nullptr);
        methods::TextPromptMethod zero(w.decoder, *w.tokenizer, methods::DecoderMode::Frozen);
        train::EvalOptions eo;
        eo.generation.maxNewTokens = 6;
        const auto r = train::evaluateMethod(zero, ex, w.ds, eo);
        QVERIFY(r.task == methods::TaskKind::NextItem);
        QCOMPARE(r.predictions.size(), std::size_t(3));
        QCOMPARE(r.report.samples, std::size_t(0));
        double sums[3] = {0, 0, 0};
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& u = r.predictions[i];
            QCOMPARE(u.target, ex[i].targetText);
            QVERIFY(std::isnan(u.f1));
            const std::string history = data::nextItemHistoryText(w.ds, w.ds.users[ex[i].user], ex[i].positions);
            QCOMPARE(u.rouge1, eval::rouge1(ex[i].targetText, u.text).fmeasure);
            QCOMPARE(u.rougeL, eval::rougeL(ex[i].targetText, u.text).fmeasure);
            QCOMPARE(u.personaF1, eval::personaF1(u.text, history));
            sums[0] += u.rouge1;
            sums[1] += u.rougeL;
            sums[2] += u.personaF1;
        }
        QVERIFY(near(r.rouge1, sums[0] / 3));
        QVERIFY(near(r.rougeL, sums[1] / 3));
        QVERIFY(near(r.personaF1, sums[2] / 3));
        QCOMPARE(train::mainMetric(r), r.rougeL);
        QCOMPARE(std::string(train::mainMetricName(methods::TaskKind::NextItem)), std::string("rougeL"));
        // The genre task keeps its F1 and leaves the text metrics NaN; a mix is refused.
        auto genres = w.examples(methods::InputKind::Text);
        genres.resize(2);
        const auto g = train::evaluateMethod(zero, genres, w.ds, eo);
        QVERIFY(g.task == methods::TaskKind::Genres);
        QVERIFY(std::isnan(g.rougeL) && std::isnan(g.rouge1) && std::isnan(g.personaF1));
        QCOMPARE(train::mainMetric(g), g.report.weighted.f1);
        // Next item has no cross-user F1; the genre task scores each answer against the other
        // users' truths too.
        QVERIFY(std::isnan(r.crossUserF1));
        QVERIFY(!train::evalSummaryJson(r).contains("crossUserF1"));
        methods::CountingMethod counting(w.ds);
        const auto c = train::evaluateMethod(counting, w.examples(methods::InputKind::CountsOnly, 3, 1), w.ds, eo);
        std::vector<data::GenreLabels> truths;
        std::vector<eval::ParsedGenres> parsed;
        for (const auto& u : c.predictions) {
            truths.push_back(u.truth);
            parsed.push_back(u.parsed);
        }
        QCOMPARE(c.crossUserF1, eval::crossUserF1(w.ds.genres, truths, parsed));
        // Counting ranks genres by count while the truth ranks by mean rating: on these users it
        // scores 0.196 on its own users' truths and 0.261 on the others'. Not a copy of F1.
        QVERIFY2(std::abs(c.crossUserF1 - c.report.weighted.f1) > 0.01,
                 qPrintable(QString("F1 %1, cross-user %2").arg(c.report.weighted.f1).arg(c.crossUserF1)));
        QCOMPARE(train::evalSummaryJson(c).at("crossUserF1").get<double>(), c.crossUserF1);
        std::vector<methods::Example> mixed = {ex[0], genres[0]};
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::evaluateMethod(zero, mixed, w.ds, eo));
    }

    // A method answering everyone alike shows as 1 distinct output, whatever its F1.
    void distinctOutputsCountsDifferentAnswers()
    {
        train::EvalResult r;
        QCOMPARE(train::distinctOutputs(r), std::size_t(0));
        for (const char* text : {"Liked Genres: Drama. Not Liked Genres: None", "Liked Genres: Drama. Not Liked Genres: None",
                                 "Liked Genres: Comedy. Not Liked Genres: Horror", "Liked Genres: Drama. Not Liked Genres: None"}) {
            train::UserPrediction u;
            u.text = text;
            r.predictions.push_back(u);
        }
        QCOMPARE(train::distinctOutputs(r), std::size_t(2));
        QCOMPARE(train::evalSummaryJson(r).at("distinctOutputs").get<std::size_t>(), std::size_t(2));
        r.predictions.resize(2);
        QCOMPARE(train::evalSummaryJson(r).at("distinctOutputs").get<std::size_t>(), std::size_t(1));
    }

    void runConfigTaskFields()
    {
        const train::RunConfig def;
        QVERIFY(def.task == methods::TaskKind::Genres);
        const nlohmann::json j = def.toJson();
        QCOMPARE(j.at("task").get<std::string>(), std::string("genres"));
        QCOMPARE(j.at("data").at("holdout").get<std::size_t>(), std::size_t(1));
        nlohmann::json next = j;
        next["task"] = "next-item";
        next["data"]["holdout"] = 2;
        const auto c = train::RunConfig::fromJson(next);
        QVERIFY(c.task == methods::TaskKind::NextItem);
        QCOMPARE(c.holdout, std::size_t(2));
        QVERIFY(c.toJson() == next);
        const auto o = c.exampleOptions();
        QVERIFY(o.task == methods::TaskKind::NextItem);
        QCOMPARE(o.holdout, std::size_t(2));
        QVERIFY(train::RunConfig::fromJson({{"task", "next-item"}}).task == methods::TaskKind::NextItem);
        nlohmann::json bad = j;
        bad["task"] = "ratings";
        try {
            train::RunConfig::fromJson(bad);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("ratings") != std::string::npos);
        }
        bad = j;
        bad["task"] = 3;
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        bad = j;
        bad["data"]["holdout"] = 0;
        try {
            train::RunConfig::fromJson(bad);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("data.holdout") != std::string::npos);
        }
        bad = next;
        bad["method"] = "counting";
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
    }

    void textLoraLearnsNextItem()
    {
        testing::TinyWorld w;
        auto ex = methods::buildExamples(w.ds, {0, 1, 2}, nextOptions(3), methods::InputKind::Text, w.tokenizer.get(), nullptr);
        torch::manual_seed(1);
        methods::TextPromptMethod m(w.decoder, *w.tokenizer, methods::DecoderMode::Lora);
        auto o = quick(100);
        o.evalEvery = 100; // one validation at the end: valF1 is then ROUGE-L
        const double before = train::evaluateMethod(m, ex, w.ds, o.eval).rougeL;
        std::vector<train::Progress> seen;
        const auto r = train::trainMethod(m, ex, ex, w.ds, o, [&](const train::Progress& p) { seen.push_back(p); });
        std::string curve;
        for (double l : r.losses)
            curve += std::to_string(l).substr(0, 5) + " ";
        QVERIFY2(r.losses.back() < 0.3 * r.losses.front(), curve.c_str());
        QVERIFY(seen.back().evaluated);
        const auto after = train::evaluateMethod(m, ex, w.ds, o.eval);
        QCOMPARE(seen.back().valF1, after.rougeL);
        QCOMPARE(r.bestValF1, after.rougeL);
        // Three users memorised: the greedy outputs now carry the targets' words.
        std::string outputs;
        for (const auto& u : after.predictions)
            outputs += u.text + " | " + u.target + " (" + std::to_string(u.rougeL) + "); ";
        qInfo("ROUGE-L %.3f before, %.3f after: %s", before, after.rougeL, outputs.c_str());
        QVERIFY2(after.rougeL > 0.5 && after.rougeL > before, outputs.c_str());
    }

    void persomaLossDecreasesOnNextItem()
    {
        testing::TinyWorld w;
        auto ex = methods::buildExamples(w.ds, {0, 1, 2}, nextOptions(3), methods::InputKind::SoftPrompt, w.tokenizer.get(),
                                         w.history.get());
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Lora));
        const auto r = train::trainMethod(m, ex, {}, w.ds, quick(40));
        std::string curve;
        for (double l : r.losses)
            curve += std::to_string(l).substr(0, 5) + " ";
        QVERIFY2(r.losses.back() < 0.5 * r.losses.front(), curve.c_str());
    }
};

QTEST_APPLESS_MAIN(TestNextItem)
#include "test_next_item.moc"
