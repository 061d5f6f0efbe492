// Tests what makes PERSOMA read the user (docs/persoma.md, "Personalization that shows"): the
// signals block of the item vectors, user tokens at the vocabulary's scale, summary tokens, the
// user tokens inside the chat turn, the evaluator's personalization figures, and batched
// prediction giving what one-by-one prediction gives. Tiny random models.
#include "core/common/error.h"
#include "core/methods/decoder_training.h"
#include "core/train/evaluator.h"
#include "core/train/run_config.h"
#include "nn_test_util.h"
#include "persoma_tiny.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <map>
#include <memory>
#include <set>

using namespace persona;

namespace {

// An MLP PERSOMA over standardized items with 6 summary tokens and the answer sketch at `weight`.
methods::PersomaConfig sketchConfig(const testing::TinyWorld& w, double weight)
{
    auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
    config.summaryTokens = 6;
    config.sketchWeight = weight;
    config.standardizeItems = true;
    return config;
}

// The tiny world's item encoder with the signals block (2 G + 1 numbers) after the text parts.
std::unique_ptr<methods::HistoryEncoder> signalsEncoder(testing::TinyWorld& w)
{
    methods::ItemParts parts;
    parts.signalBlock = true;
    return std::make_unique<methods::HistoryEncoder>(*w.encoder, *w.tokenizer, "tiny-signals", "", parts, w.ds.genres.size());
}

std::vector<const methods::Example*> pointers(const std::vector<methods::Example>& examples)
{
    std::vector<const methods::Example*> out;
    for (const auto& e : examples)
        out.push_back(&e);
    return out;
}

} // namespace

class TestPersomaPersonalization : public QObject {
    Q_OBJECT

private slots:
    void itemSignalsByHand()
    {
        data::Dataset ds;
        ds.genres = {"Action", "Comedy", "Drama"};
        data::Item a;
        a.genres = {0, 2};
        data::Item b; // no genre
        ds.items = {a, b};
        std::vector<float> out(7);
        methods::itemSignals(ds, {0, 5.0f, 0}, 3, out.data());
        QCOMPARE(out, (std::vector<float>{1, 0, 1, 1, 0, 1, 1}));
        methods::itemSignals(ds, {0, 2.0f, 0}, 3, out.data());
        QCOMPARE(out, (std::vector<float>{1, 0, 1, -0.5f, 0, -0.5f, -0.5f}));
        methods::itemSignals(ds, {0, 0.5f, 0}, 3, out.data()); // clamped at -1
        QCOMPARE(out[6], -1.0f);
        methods::itemSignals(ds, {0, data::kNoRating, 0}, 3, out.data());
        QCOMPARE(out, (std::vector<float>{1, 0, 1, 0, 0, 0, 0}));
        methods::itemSignals(ds, {1, 4.0f, 0}, 3, out.data());
        QCOMPARE(out, (std::vector<float>{0, 0, 0, 0, 0, 0, 0.5f}));
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { methods::itemSignals(ds, {0, 4.0f, 0}, 2, out.data()); },
                                                  {"genre index 2"}));
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { methods::itemSignals(ds, {9, 4.0f, 0}, 3, out.data()); },
                                                  {"item index 9"}));
    }

    void historyEncoderAppendsSignals()
    {
        testing::TinyWorld w;
        const std::size_t g = w.ds.genres.size();
        const auto encoder = signalsEncoder(w);
        methods::HistoryEncoder& enc = *encoder;
        QCOMPARE(enc.signalDim(), static_cast<std::int64_t>(2 * g + 1));
        QCOMPARE(enc.itemDim(), w.history->itemDim() + enc.signalDim());
        const data::User& user = w.ds.users[0];
        std::vector<std::size_t> positions;
        for (std::size_t i = 0; i < std::min<std::size_t>(4, user.history.size()); ++i)
            positions.push_back(i);
        const torch::Tensor with = enc.encodeHistory(w.ds, user, positions);
        const torch::Tensor without = w.history->encodeHistory(w.ds, user, positions);
        QVERIFY(torch::equal(with.narrow(1, 0, without.size(1)), without));
        std::vector<float> want(2 * g + 1);
        for (std::size_t i = 0; i < positions.size(); ++i) {
            methods::itemSignals(w.ds, user.history[positions[i]], g, want.data());
            const torch::Tensor got = with[static_cast<std::int64_t>(i)].narrow(0, without.size(1), enc.signalDim());
            QVERIFY(torch::equal(got, torch::tensor(want)));
        }
        // Signals alone are a valid item representation; nothing at all is not.
        methods::ItemParts only;
        only.title = only.genres = only.description = only.rating = false;
        only.signalBlock = true;
        methods::HistoryEncoder sig(*w.encoder, *w.tokenizer, "tiny-signals", "", only, g);
        QCOMPARE(sig.encodeHistory(w.ds, user, positions).size(1), static_cast<std::int64_t>(2 * g + 1));
        only.signalBlock = false;
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::HistoryEncoder(*w.encoder, *w.tokenizer, "x", "", only, g));
    }

    // The genre profile the summary MLP reads (persoma.summaryInput profile or both): per genre the share of the
    // sampled items, their mean centred rating and min(count / 3, 1), computed here from the
    // dataset's ratings and genres, not from the signals block the method reads them from.
    void genreProfileFromTheSignals()
    {
        testing::TinyWorld w;
        const std::size_t g = w.ds.genres.size();
        const auto encoder = signalsEncoder(w);
        methods::HistoryEncoder& enc = *encoder;
        auto ex = w.examples(methods::InputKind::SoftPrompt, 6, 1);
        for (auto& e : ex)
            e.items = enc.encodeHistory(w.ds, w.ds.users[e.user], e.positions);
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        config.adapter.inputDim = enc.itemDim();
        config.summaryTokens = 3;
        config.standardizeItems = true;
        config.summaryInput = methods::SummaryInput::Both;
        config.profileGenres = static_cast<std::int64_t>(g);
        torch::manual_seed(5);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        QCOMPARE(m.summaryInputDim(), enc.itemDim() + 3 * static_cast<std::int64_t>(g));
        for (std::size_t k = 0; k < 4; ++k) {
            const auto& e = ex[k];
            std::vector<double> count(g, 0.0), sum(g, 0.0);
            for (std::size_t p : e.positions) {
                const data::Interaction& it = w.ds.users[e.user].history[p];
                const double centred = std::clamp((static_cast<double>(it.rating) - 3.0) / 2.0, -1.0, 1.0);
                for (auto genre : w.ds.items[it.item].genres) {
                    count[genre] += 1.0;
                    sum[genre] += centred;
                }
            }
            std::vector<float> want;
            for (std::size_t i = 0; i < g; ++i)
                want.push_back(static_cast<float>(count[i] / static_cast<double>(e.positions.size())));
            for (std::size_t i = 0; i < g; ++i)
                want.push_back(count[i] > 0 ? static_cast<float>(sum[i] / count[i]) : 0.0f);
            for (std::size_t i = 0; i < g; ++i)
                want.push_back(static_cast<float>(std::min(count[i] / 3.0, 1.0)));
            const torch::Tensor got = m.genreProfile(e);
            QVERIFY2(torch::allclose(got, torch::tensor(want), 1e-5, 1e-6), qPrintable(QString::number(k)));
            // The summary MLP reads the standardized mean item vector, then the profile as it is.
            const torch::Tensor input = m.summaryInput({&e})[0];
            QVERIFY(torch::allclose(input.narrow(0, 0, enc.itemDim()), m.adapterInput(e).mean(0), 1e-5, 1e-6));
            QVERIFY(torch::equal(input.narrow(0, enc.itemDim(), 3 * static_cast<std::int64_t>(g)), got));
        }
        // The profile moves the summary tokens: another rating of one item changes them.
        methods::Example changed = ex[0];
        changed.items = ex[0].items.clone();
        const std::int64_t start = enc.itemDim() - (2 * static_cast<std::int64_t>(g) + 1);
        changed.items[0].narrow(0, start + static_cast<std::int64_t>(g), static_cast<std::int64_t>(g)).mul_(-1.0);
        QVERIFY(!torch::allclose(m.genreProfile(changed), m.genreProfile(ex[0])));
        // A batch gives each example's own summary tokens (the padded batch pools only real items).
        const auto n0 = static_cast<std::int64_t>(ex[0].positions.size());
        const torch::Tensor alone = m.userTokens(ex[2]);
        const auto n2 = static_cast<std::int64_t>(ex[2].positions.size());
        const auto both = m.userSoftTokens({&ex[0], &ex[2]});
        QVERIFY(torch::allclose(both[1].narrow(0, n2, 3), alone.narrow(0, n2, 3), 1e-4, 1e-5));
        QCOMPARE(both[0].size(0), n0 + 3);
        // The profile alone: the MLP reads 3 G numbers, the same ones.
        config.summaryInput = methods::SummaryInput::Profile;
        methods::PersomaMethod only(w.decoder, *w.tokenizer, config);
        QCOMPARE(only.summaryInputDim(), 3 * static_cast<std::int64_t>(g));
        QVERIFY(torch::equal(only.summaryInput({&ex[1]})[0], only.genreProfile(ex[1])));
        QVERIFY(!torch::allclose(only.userTokens(ex[1]).narrow(0, only.userTokens(ex[1]).size(0) - 3, 3),
                                 only.userTokens(ex[3]).narrow(0, only.userTokens(ex[3]).size(0) - 3, 3)));
        // Item vectors without a signals block wide enough: a clear error.
        config.adapter.inputDim = 2 * static_cast<std::int64_t>(g);
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { methods::PersomaMethod(w.decoder, *w.tokenizer, config); },
                                                   {"summaryInput", "profile", "signals"}));
        config.adapter.inputDim = enc.itemDim();
        config.summaryTokens = 0;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { methods::PersomaMethod(w.decoder, *w.tokenizer, config); },
                                                   {"summaryTokens"}));
    }

    void userTokensAtVocabularyScale()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 4);
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        torch::manual_seed(3);
        methods::PersomaMethod free(w.decoder, *w.tokenizer, config);
        config.matchVocabNorm = true;
        torch::manual_seed(3);
        methods::PersomaMethod scaled(w.decoder, *w.tokenizer, config);
        const double vocabNorm = w.decoder->inputEmbeddingMatrix().norm(2, 1).mean().item<double>();
        QVERIFY(std::abs(scaled.vocabularyNorm() - vocabNorm) < 1e-4 * vocabNorm);
        for (const auto& e : ex) {
            const torch::Tensor t = scaled.userTokens(e);
            const torch::Tensor norms = t.norm(2, 1);
            QVERIFY2((norms - vocabNorm).abs().max().item<double>() < 1e-3 * vocabNorm, qPrintable(QString::number(norms.max().item<double>())));
            // Same directions as the unscaled adapter's (same seed, same weights).
            const torch::Tensor u = free.userTokens(e);
            QVERIFY(torch::allclose(t / norms.unsqueeze(1), u / u.norm(2, 1, true), 1e-4, 1e-5));
        }
        QVERIFY(std::abs(free.userTokens(ex[0]).norm(2, 1).mean().item<double>() - vocabNorm) > 1e-2);
    }

    void summaryTokensReadTheWholeHistory()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 4);
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        config.summaryTokens = 3;
        torch::manual_seed(4);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        const auto n = static_cast<std::int64_t>(ex[0].positions.size());
        const torch::Tensor t = m.userTokens(ex[0]);
        QCOMPARE(t.size(0), n + 3);
        QCOMPARE(m.softPrompt(ex[0]).size(0), n + 3 + 4);
        QCOMPARE(m.inputTokens(ex[0]), static_cast<int>(n + 3 + 4 + static_cast<std::int64_t>(ex[0].promptIds.size())));
        bool summaryState = false;
        for (const auto& [name, tensor] : m.trainedState())
            summaryState = summaryState || name.rfind("summary.", 0) == 0;
        QVERIFY(summaryState);
        // The summary is a function of the whole history: another user's differs, and dropping one
        // item changes it while the other items' own tokens stay.
        QVERIFY(!torch::allclose(m.userTokens(ex[1]).narrow(0, m.userTokens(ex[1]).size(0) - 3, 3), t.narrow(0, n, 3)));
        methods::Example shorter = ex[0];
        shorter.items = ex[0].items.narrow(0, 0, n - 1);
        shorter.positions.pop_back();
        const torch::Tensor s = m.userTokens(shorter);
        QVERIFY(torch::allclose(s.narrow(0, 0, n - 1), t.narrow(0, 0, n - 1), 1e-5, 1e-6));
        QVERIFY(!torch::allclose(s.narrow(0, n - 1, 3), t.narrow(0, n, 3)));
        // Gradients reach the summary MLP through the loss.
        std::vector<const methods::Example*> batch{&ex[0], &ex[1]};
        m.loss(batch).backward();
        double grad = 0;
        for (const auto& [name, tensor] : m.trainedState())
            if (name.rfind("summary.", 0) == 0 && tensor.grad().defined())
                grad += tensor.grad().abs().sum().item<double>();
        QVERIFY(grad > 0);
        config.summaryTokens = 65;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { methods::PersomaMethod(w.decoder, *w.tokenizer, config); },
                                                   {"summaryTokens"}));
    }

    // The answer sketch: summary token k learns the k-th answer token from the history alone; it is
    // part of the training objective only (evaluation losses are the decoder's).
    void answerSketchLearnsTheAnswer()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 6, 1);
        auto config = sketchConfig(w, 2.0);
        torch::manual_seed(8);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        m.fitItemStandardization(ex);
        const auto all = pointers(ex);
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { m.sketchLoss(all); }, {"answer vocabulary"}));
        m.fitAnswerVocabulary(ex);
        // Training mode adds weight x sketch to the decoder's loss; evaluation mode does not.
        {
            torch::NoGradGuard g;
            m.setTraining(false);
            const double lm = m.loss(all).item<double>();
            m.setTraining(true);
            const double both = m.loss(all).item<double>();
            const double sketch = m.sketchLoss(all).item<double>();
            QVERIFY(sketch > 0.0);
            QVERIFY2(std::abs(both - (lm + 2.0 * sketch)) < 1e-4 * both, qPrintable(QStringLiteral("%1 %2 %3").arg(both).arg(lm).arg(sketch)));
        }
        torch::optim::Adam opt(m.parameters(), torch::optim::AdamOptions(1e-2));
        const double first = m.sketchLoss(all).item<double>();
        for (int step = 0; step < 150; ++step) {
            opt.zero_grad();
            m.sketchLoss(all).backward();
            opt.step();
        }
        const double last = m.sketchLoss(all).item<double>();
        QVERIFY2(last < 0.2 * first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(last)));
        // Each summary token's nearest answer word is now the answer's token at its place.
        m.setTraining(false);
        const torch::Tensor vocab = w.decoder->inputEmbeddingMatrix();
        int right = 0, total = 0;
        for (const auto& e : ex) {
            const torch::Tensor t = m.userTokens(e);
            const auto n = t.size(0) - 6;
            for (std::int64_t k = 0; k < 6 && k < static_cast<std::int64_t>(e.targetIds.size()); ++k) {
                std::set<std::int64_t> words(e.targetIds.begin(), e.targetIds.end());
                for (const auto& o : ex)
                    words.insert(o.targetIds.begin(), o.targetIds.end());
                double best = -2;
                std::int64_t bestId = -1;
                for (std::int64_t id : words) {
                    const double c = torch::cosine_similarity(t[n + k], vocab[id], 0).item<double>();
                    if (c > best) {
                        best = c;
                        bestId = id;
                    }
                }
                right += bestId == e.targetIds[static_cast<std::size_t>(k)];
                ++total;
            }
        }
        QVERIFY2(right >= total * 8 / 10, qPrintable(QStringLiteral("%1 of %2").arg(right).arg(total)));
        config.sketchWeight = 0.0;
        torch::manual_seed(8);
        methods::PersomaMethod off(w.decoder, *w.tokenizer, config);
        QVERIFY_THROWS_EXCEPTION(ConfigError, off.sketchLoss(all));
    }

    // The warm-up trains the history MLP alone on the sketch (nothing else moves), and the readout
    // spells each summary token's nearest vocabulary word.
    void sketchWarmUpAndReadout()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 6, 1);
        auto config = sketchConfig(w, 1.0);
        torch::manual_seed(9);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        m.fitItemStandardization(ex);
        methods::SketchWarmup warm;
        warm.steps = 200;
        warm.batchSize = 3;
        warm.learningRate = 1e-2;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { m.warmUpSketch(ex, warm); }, {"answer vocabulary"}));
        m.fitAnswerVocabulary(ex);
        methods::SketchWarmup bad = warm;
        bad.batchSize = 0;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { m.warmUpSketch(ex, bad); }, {"batch size"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { m.warmUpSketch({}, warm); }, {"no examples"}));

        const auto all = pointers(ex);
        std::map<std::string, torch::Tensor> before;
        for (auto& [name, t] : m.trainedState())
            before[name] = t.detach().clone();
        const torch::Tensor decoderBefore = w.decoder->inputEmbeddingMatrix().clone();
        const double first = m.sketchLoss(all).item<double>();
        const double tail = m.warmUpSketch(ex, warm);
        const double last = m.sketchLoss(all).item<double>();
        QVERIFY2(last < 0.2 * first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(last)));
        QVERIFY2(tail < 0.3 * first, qPrintable(QStringLiteral("tail %1, first %2").arg(tail).arg(first)));
        int moved = 0;
        for (auto& [name, t] : m.trainedState()) {
            const bool same = torch::equal(before[name], t.detach());
            if (name.rfind("summary.", 0) == 0)
                moved += !same;
            else
                QVERIFY2(same, qPrintable(QString::fromStdString(name + " changed")));
        }
        QVERIFY(moved > 0);
        QVERIFY(torch::equal(decoderBefore, w.decoder->inputEmbeddingMatrix()));

        // The readout against a by-hand nearest word (cosine over the whole vocabulary).
        m.setTraining(false);
        const torch::Tensor vocab = w.decoder->inputEmbeddingMatrix().to(torch::kFloat32);
        int exact = 0;
        for (const auto& e : ex) {
            const torch::Tensor t = m.userTokens(e);
            const auto n = t.size(0) - 6;
            const auto stops = methods::stopTokenIds(*w.tokenizer);
            std::vector<std::int32_t> ids;
            for (std::int64_t k = 0; k < 6; ++k) {
                const torch::Tensor c = torch::cosine_similarity(t[n + k].unsqueeze(0), vocab, 1);
                const std::int64_t id = c.argmax().item<std::int64_t>();
                if (std::find(stops.begin(), stops.end(), id) != stops.end())
                    break;
                ids.push_back(static_cast<std::int32_t>(id));
            }
            QCOMPARE(m.readout(e), w.tokenizer->decode(ids, true));
            std::vector<std::int32_t> answer;
            for (std::size_t k = 0; k < 6 && k < e.targetIds.size(); ++k)
                answer.push_back(static_cast<std::int32_t>(e.targetIds[k]));
            exact += ids.size() >= answer.size() && std::equal(answer.begin(), answer.end(), ids.begin());
        }
        QVERIFY2(exact >= 4, qPrintable(QStringLiteral("%1 of 6 readouts start with the answer").arg(exact)));
        train::EvalOptions eo;
        eo.generation.maxNewTokens = 4;
        eo.computeLoss = false;
        const train::EvalResult r = train::evaluateMethod(m, ex, w.ds, eo);
        QVERIFY(!std::isnan(r.readoutF1) && r.readoutF1 >= 0.0 && r.readoutF1 <= 1.0);

        // Without summary tokens there is nothing to read out.
        config.summaryTokens = 0;
        config.sketchWeight = 0.0;
        methods::PersomaMethod plain(w.decoder, *w.tokenizer, config);
        plain.fitItemStandardization(ex);
        QCOMPARE(plain.readout(ex[0]), std::string());
        QVERIFY(std::isnan(train::evaluateMethod(plain, ex, w.ds, eo).readoutF1));
    }

    void userTokensInsideTheChatTurn()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt, 3);
        const auto marker = w.tokenizer->encode("<|im_start|>user\n", false);
        const auto head = w.tokenizer->encode("<|im_start|>system\nBe brief.<|im_end|>\n", false);
        const auto body = w.tokenizer->encode("Genres?<|im_end|>\n<|im_start|>assistant\n", false);
        std::vector<std::int64_t> ids(head.begin(), head.end());
        ids.insert(ids.end(), marker.begin(), marker.end());
        const std::size_t k = ids.size();
        ids.insert(ids.end(), body.begin(), body.end());
        ex[0].promptIds = ids;
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        torch::manual_seed(5);
        methods::PersomaMethod first(w.decoder, *w.tokenizer, config);
        QCOMPARE(first.turnStart(ids), std::size_t{0});
        config.userTokensInTurn = true;
        torch::manual_seed(5);
        methods::PersomaMethod inTurn(w.decoder, *w.tokenizer, config);
        QCOMPARE(inTurn.turnStart(ids), k);
        QCOMPARE(inTurn.turnStart(std::vector<std::int64_t>(body.begin(), body.end())), std::size_t{0}); // plain: first
        const torch::Tensor user = inTurn.userTokens(ex[0]);
        const methods::DecoderSequence s = inTurn.sequence(ex[0], user);
        QCOMPARE(s.promptIds, std::vector<std::int64_t>(ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end()));
        const torch::Tensor embedded = w.decoder->embed(torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k))).view({1, -1}))[0];
        QVERIFY(torch::allclose(s.prefix.narrow(0, 0, static_cast<std::int64_t>(k)), embedded));
        QVERIFY(torch::allclose(s.prefix.narrow(0, static_cast<std::int64_t>(k), user.size(0)), user));
        QCOMPARE(s.prefix.size(0), static_cast<std::int64_t>(k) + user.size(0) + 4);
        // The same tokens, the same length, in another place: another loss; and the input count is unchanged.
        std::vector<const methods::Example*> one{&ex[0]};
        QVERIFY(std::abs(inTurn.loss(one).item<double>() - first.loss(one).item<double>()) > 1e-6);
        QCOMPARE(inTurn.inputTokens(ex[0]), first.inputTokens(ex[0]));
    }

    // Rows decoded together give what predict() gives each alone, for PERSOMA and text prompting,
    // and the evaluation's figures do not depend on the batch.
    void batchedPredictionEqualsOneByOne()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 5, 1);
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        config.summaryTokens = 2;
        config.matchVocabNorm = true;
        torch::manual_seed(6);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        runtime::GenerationOptions g;
        g.maxNewTokens = 12;
        g.stopTokenIds = {2};
        const auto all = pointers(ex);
        QVERIFY(all.size() >= 4);
        for (int batch : {0, 1, 3}) {
            const auto many = m.predictBatch(all, g, batch);
            QCOMPARE(many.size(), all.size());
            for (std::size_t i = 0; i < all.size(); ++i) {
                const auto one = m.predict(*all[i], g);
                QVERIFY2(many[i].ids == one.ids, qPrintable(QStringLiteral("row %1 batch %2").arg(i).arg(batch)));
                QCOMPARE(many[i].text, one.text);
                QCOMPARE(many[i].inputTokens, one.inputTokens);
            }
        }
        train::EvalOptions eo;
        eo.generation = g;
        eo.generationBatch = 1;
        const train::EvalResult single = train::evaluateMethod(m, ex, w.ds, eo);
        eo.generationBatch = 0;
        const train::EvalResult batched = train::evaluateMethod(m, ex, w.ds, eo);
        QCOMPARE(batched.predictions.size(), single.predictions.size());
        for (std::size_t i = 0; i < single.predictions.size(); ++i)
            QCOMPARE(batched.predictions[i].text, single.predictions[i].text);
        QCOMPARE(batched.report.weighted.f1, single.report.weighted.f1);
        // The soft-token figures: at the vocabulary's norm, users' tokens differ.
        QVERIFY(std::abs(batched.userTokenNorm - m.vocabularyNorm()) < 1e-3 * m.vocabularyNorm());
        QCOMPARE(batched.vocabularyNorm, m.vocabularyNorm());
        QVERIFY(batched.userTokenSpread > 0.01);
        const nlohmann::json j = train::evalSummaryJson(batched);
        QVERIFY(j.contains("userTokenNorm") && j.contains("userTokenSpread") && j.contains("vocabularyNorm"));
        // Every user given the same history: the spread is zero.
        std::vector<methods::Example> same = ex;
        for (auto& e : same) {
            e.items = ex[0].items;
            e.positions = ex[0].positions;
        }
        QVERIFY(train::evaluateMethod(m, same, w.ds, eo).userTokenSpread < 1e-6);
    }

    // A run folder's config.json written before these settings existed opens as it trained.
    void savedConfigsKeepTheirSettings()
    {
        nlohmann::json old = train::RunConfig().toJson();
        old["data"]["itemParts"].erase("signals");
        for (const char* k : {"matchVocabNorm", "userTokensInTurn", "summaryTokens", "vocabMixture", "sketchWeight",
                              "sketchWarmupSteps", "sketchWarmupSamples"})
            old["persoma"].erase(k);
        const train::RunConfig c = train::RunConfig::fromSavedJson(old);
        QVERIFY(!c.itemParts.signalBlock);
        QVERIFY(!c.sections.persoma.matchVocabNorm && !c.sections.persoma.userTokensInTurn && !c.sections.persoma.vocabMixture);
        QCOMPARE(c.sections.persoma.summaryTokens, std::int64_t{0});
        QCOMPARE(c.sections.persoma.sketchWeight, 0.0);
        QCOMPARE(c.sections.persoma.sketchWarmupSteps, std::int64_t{0});
        // A new run's config keeps today's defaults; a saved new config round-trips.
        const train::RunConfig fresh = train::RunConfig::fromJson(old);
        QVERIFY(fresh.itemParts.signalBlock && fresh.sections.persoma.matchVocabNorm && fresh.sections.persoma.userTokensInTurn);
        const train::RunConfig now;
        QVERIFY(train::RunConfig::fromSavedJson(now.toJson()).toJson() == now.toJson());
        nlohmann::json bad = now.toJson();
        bad["persoma"]["summaryTokens"] = 65;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(bad); }, {"persoma.summaryTokens"}));
        bad = now.toJson();
        bad["persoma"]["sketchWarmupSamples"] = -1;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(bad); }, {"persoma.sketchWarmupSamples"}));
        // A session-22 config (sketch, no warm-up field) trained without a warm-up.
        nlohmann::json s22 = now.toJson();
        s22["persoma"].erase("sketchWarmupSteps");
        s22["persoma"].erase("sketchWarmupSamples");
        QCOMPARE(train::RunConfig::fromSavedJson(s22).sections.persoma.sketchWarmupSteps, std::int64_t{0});
        QCOMPARE(train::RunConfig::fromJson(s22).sections.persoma.sketchWarmupSteps, now.sections.persoma.sketchWarmupSteps);
        // A session-24 config (no summary input field) read the mean item vector, as a new one does
        // by default; the history-50 preset reads the genre profile.
        nlohmann::json s24 = now.toJson();
        s24["persoma"]["summaryInput"] = "profile";
        QVERIFY(train::RunConfig::fromJson(s24).sections.persoma.summaryInput == methods::SummaryInput::Profile);
        s24["persoma"].erase("summaryInput");
        QVERIFY(train::RunConfig::fromSavedJson(s24).sections.persoma.summaryInput == methods::SummaryInput::Items);
        QVERIFY(train::RunConfig::fromJson(s24).sections.persoma.summaryInput == methods::SummaryInput::Items);
        for (const char* name : {"items", "profile", "both"}) {
            nlohmann::json j = now.toJson();
            j["persoma"]["summaryInput"] = name;
            QCOMPARE(train::RunConfig::fromJson(j).toJson()["persoma"]["summaryInput"].get<std::string>(), std::string(name));
        }
        bad = now.toJson();
        bad["persoma"]["summaryInput"] = "ratings";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(bad); }, {"persoma.summaryInput", "ratings"}));
        bad = now.toJson();
        bad["data"]["itemParts"]["signals"] = false;
        bad["persoma"]["summaryInput"] = "profile";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(bad); }, {"persoma.summaryInput", "signals"}));
        bad["persoma"]["summaryInput"] = "items";
        QVERIFY(train::RunConfig::fromJson(bad).sections.persoma.summaryInput == methods::SummaryInput::Items);
    }
};

QTEST_APPLESS_MAIN(TestPersomaPersonalization)
#include "test_persoma_personalization.moc"
