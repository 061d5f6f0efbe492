// Tests core/methods: item-embedding cache, adapters, decoder batches and the target-only loss,
// soft-prompt neighbours, on tiny random models.
#include "core/common/error.h"
#include "core/methods/persoma/adapters.h"
#include "core/methods/decoder_training.h"
#include "core/methods/neighbours.h"
#include "persoma_tiny.h"

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

using namespace persona;

class TestPersomaMethods : public QObject {
    Q_OBJECT

private slots:
    void itemCacheSecondRunEncodesNothing()
    {
        QTemporaryDir dir;
        const std::string cache = dir.path().toStdString();
        torch::Tensor first;
        std::size_t texts = 0;
        {
            testing::TinyWorld w(7, cache);
            auto ex = w.examples(methods::InputKind::SoftPrompt);
            QVERIFY(w.history->encodedCount() > 0);
            texts = w.history->cache().size();
            first = ex[0].items;
            // Parts are embedded separately and concatenated: the title block is the title's embedding.
            const auto& user = w.ds.users[ex[0].user];
            const auto parts = w.history->partTexts(w.ds, user.history[ex[0].positions[0]]);
            QCOMPARE(parts.size(), std::size_t(4));
            QVERIFY(parts[0].rfind("Title: ", 0) == 0);
            const torch::Tensor title = w.history->encodeTexts({parts[0]});
            QVERIFY(torch::allclose(first[0].slice(0, 0, 16), title[0]));
            QCOMPARE(first.size(1), std::int64_t(4 * 16));
        }
        testing::TinyWorld w2(7, cache);
        auto ex2 = w2.examples(methods::InputKind::SoftPrompt);
        QCOMPARE(w2.history->encodedCount(), std::size_t(0));
        QCOMPARE(w2.history->cache().size(), texts);
        QVERIFY(torch::equal(ex2[0].items, first));
    }

    void itemCacheRejectsCorruptFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/items-k.bin";
        std::ofstream(path, std::ios::binary) << "PIEC\x01\x00\x00\x00\x10\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00";
        try {
            methods::ItemEmbeddingCache c(dir.path().toStdString(), "k", 16);
            QFAIL("expected FormatError");
        } catch (const FormatError& e) {
            QVERIFY(std::string(e.what()).find("items-k.bin") != std::string::npos);
        }
        std::ofstream(path, std::ios::binary) << "PIEC\x01\x00\x00\x00\x08\x00\x00\x00";
        QVERIFY_THROWS_EXCEPTION(FormatError, methods::ItemEmbeddingCache(dir.path().toStdString(), "k", 16));
    }

    void adapterShapes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("mlp") << int(methods::AdapterKind::Mlp);
        QTest::newRow("transformer") << int(methods::AdapterKind::Transformer);
        QTest::newRow("perceiver") << int(methods::AdapterKind::Perceiver);
    }
    void adapterShapes()
    {
        QFETCH(int, kind);
        methods::AdapterConfig c;
        c.kind = static_cast<methods::AdapterKind>(kind);
        c.inputDim = 24;
        c.outputDim = 40;
        c.hidden = 32;
        c.heads = 4;
        c.latents = 7;
        c.maxItems = 64;
        torch::manual_seed(1);
        auto adapter = methods::makeAdapter(c);
        for (std::int64_t n : {1, 5, 12, 50}) {
            const auto out = adapter->forward(torch::randn({3, n, 24}), torch::ones({3, n}, torch::kBool));
            const std::int64_t expected = c.kind == methods::AdapterKind::Perceiver ? 7 : n;
            QVERIFY((out.tokens.sizes().vec() == std::vector<std::int64_t>{3, expected, 40}));
            QVERIFY((out.mask.sizes().vec() == std::vector<std::int64_t>{3, expected}));
            if (c.kind == methods::AdapterKind::Perceiver) {
                const auto att = adapter->itemAttention();
                QCOMPARE(att.size(), std::size_t(4));
                QVERIFY((att[0].sizes().vec() == std::vector<std::int64_t>{3, 7, n}));
                QVERIFY(torch::allclose(att[3].sum(-1), torch::ones({3, 7}), 1e-4, 1e-5));
            }
        }
        QVERIFY_THROWS_EXCEPTION(ShapeError, adapter->forward(torch::randn({1, 3, 23}), torch::ones({1, 3}, torch::kBool)));
        QVERIFY_THROWS_EXCEPTION(ShapeError, adapter->forward(torch::randn({1, 0, 24}), torch::ones({1, 0}, torch::kBool)));
    }

    void paddingDoesNotChangeRealOutputs_data() { adapterShapes_data(); }
    void paddingDoesNotChangeRealOutputs()
    {
        QFETCH(int, kind);
        methods::AdapterConfig c;
        c.kind = static_cast<methods::AdapterKind>(kind);
        c.inputDim = 8;
        c.outputDim = 8;
        c.hidden = 16;
        c.heads = 2;
        c.latents = 3;
        c.maxItems = 16;
        torch::manual_seed(2);
        auto adapter = methods::makeAdapter(c);
        const torch::Tensor items = torch::randn({1, 4, 8});
        const auto alone = adapter->forward(items, torch::ones({1, 4}, torch::kBool));
        const torch::Tensor padded = torch::cat({items, torch::randn({1, 3, 8})}, 1);
        torch::Tensor mask = torch::ones({1, 7}, torch::kBool);
        mask.slice(1, 4).fill_(false);
        const auto withPad = adapter->forward(padded, mask);
        const auto m = alone.tokens.size(1);
        QVERIFY(torch::allclose(withPad.tokens.slice(1, 0, m), alone.tokens, 1e-5, 1e-5));
    }

    void lossOnlyOnTargetTokens()
    {
        testing::TinyWorld w;
        torch::manual_seed(3);
        std::vector<methods::DecoderSequence> seqs = {
            {torch::randn({3, 32}), {10, 11, 12}, {40, 41}},
            {torch::Tensor(), {20, 21}, {50, 51, 52, 53}},
        };
        const auto batch = methods::buildDecoderBatch(*w.decoder, seqs);
        QVERIFY((batch.inputsEmbeds.sizes().vec() == std::vector<std::int64_t>{2, 8, 32}));
        QCOMPARE(batch.targetTokens, std::int64_t(6));
        const std::vector<std::int64_t> expected0 = {-100, -100, -100, -100, -100, -100, 40, 41};
        const std::vector<std::int64_t> expected1 = {-100, -100, 50, 51, 52, 53, -100, -100};
        QVERIFY(std::vector<std::int64_t>(batch.labels[0].data_ptr<std::int64_t>(), batch.labels[0].data_ptr<std::int64_t>() + 8) == expected0);
        QVERIFY(std::vector<std::int64_t>(batch.labels[1].data_ptr<std::int64_t>(), batch.labels[1].data_ptr<std::int64_t>() + 8) == expected1);

        torch::NoGradGuard g;
        const double loss = methods::targetLoss(*w.decoder, batch).item<double>();
        nn::DecoderInput in;
        in.inputsEmbeds = batch.inputsEmbeds;
        in.attentionMask = batch.attentionMask;
        const torch::Tensor logits = w.decoder->forward(in);
        // Manual cross-entropy over exactly the 6 target tokens, each predicted from the previous position.
        double manual = 0;
        const std::vector<std::pair<int, int>> targets = {{0, 6}, {0, 7}, {1, 2}, {1, 3}, {1, 4}, {1, 5}};
        for (auto [b, t] : targets) {
            const auto lp = torch::log_softmax(logits[b][t - 1], -1);
            manual -= lp[batch.labels[b][t].item<std::int64_t>()].item<double>();
        }
        manual /= 6.0;
        QVERIFY(std::abs(loss - manual) < 1e-5);
        QVERIFY(std::abs(methods::lossFromLogits(logits, batch.labels).item<double>() - manual) < 1e-5);
        // Logits at positions that predict no target do not matter.
        torch::Tensor changed = logits.clone();
        changed[0][2] += 5.0;
        changed[1][6] -= 3.0;
        QVERIFY(std::abs(methods::lossFromLogits(changed, batch.labels).item<double>() - manual) < 1e-5);
        changed[0][5][40] += 5.0; // predicts the first target of sequence 0
        QVERIFY(std::abs(methods::lossFromLogits(changed, batch.labels).item<double>() - manual) > 1e-3);
    }

    void emptyHistoryIsRefused()
    {
        testing::TinyWorld w;
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        methods::Example e;
        e.items = torch::zeros({0, w.history->itemDim()});
        e.promptIds = {5};
        e.targetIds = {6};
        QVERIFY_THROWS_EXCEPTION(ShapeError, m.loss({&e}));
    }

    void itemStandardization()
    {
        testing::TinyWorld w;
        const auto ex = w.examples(methods::InputKind::SoftPrompt, 6);
        torch::manual_seed(1);
        auto config = w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen);
        methods::PersomaMethod plain(w.decoder, *w.tokenizer, config);
        QVERIFY(torch::equal(plain.adapterInput(ex[0]), ex[0].items));
        QVERIFY_THROWS_EXCEPTION(ConfigError, plain.fitItemStandardization(ex));

        config.standardizeItems = true;
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, config);
        QVERIFY_THROWS_EXCEPTION(ConfigError, m.fitItemStandardization({}));
        m.fitItemStandardization(ex);

        // Reference statistics by plain loops in double over every item row of every example.
        const auto dim = static_cast<std::size_t>(w.history->itemDim());
        std::vector<double> sum(dim, 0.0), sumSq(dim, 0.0);
        std::size_t rows = 0;
        for (const auto& e : ex) {
            auto a = e.items.accessor<float, 2>();
            for (std::int64_t r = 0; r < e.items.size(0); ++r, ++rows)
                for (std::size_t d = 0; d < dim; ++d) {
                    sum[d] += a[r][static_cast<std::int64_t>(d)];
                    sumSq[d] += double(a[r][static_cast<std::int64_t>(d)]) * a[r][static_cast<std::int64_t>(d)];
                }
        }
        QVERIFY2(rows >= 8, qPrintable(QString::number(rows)));
        int varying = 0;
        for (const auto& e : ex) {
            const torch::Tensor in = m.adapterInput(e);
            QCOMPARE(in.sizes(), e.items.sizes());
            auto a = e.items.accessor<float, 2>();
            auto b = in.accessor<float, 2>();
            for (std::int64_t r = 0; r < e.items.size(0); ++r)
                for (std::size_t d = 0; d < dim; ++d) {
                    const double mean = sum[d] / double(rows);
                    const double var = std::max(0.0, sumSq[d] / double(rows) - mean * mean);
                    const double sd = std::sqrt(var) > 1e-6 ? std::sqrt(var) : 1.0;
                    const double want = (a[r][static_cast<std::int64_t>(d)] - mean) / sd;
                    QVERIFY2(std::abs(b[r][static_cast<std::int64_t>(d)] - want) < 1e-3 * std::max(1.0, std::abs(want)),
                             qPrintable(QStringLiteral("dim %1: %2 vs %3").arg(d).arg(b[r][static_cast<std::int64_t>(d)]).arg(want)));
                    varying += r == 0 && &e == &ex[0] && std::sqrt(var) > 1e-6;
                }
        }
        QVERIFY(varying > int(dim) / 2);
        // The standardized items of the fitted examples: mean 0, spread 1 in every varying dimension.
        std::vector<torch::Tensor> all;
        for (const auto& e : ex)
            all.push_back(m.adapterInput(e));
        const torch::Tensor cat = torch::cat(all, 0);
        QVERIFY(cat.mean(0).abs().max().item<double>() < 1e-4);
        const torch::Tensor sd = (cat - cat.mean(0)).pow(2).mean(0).sqrt();
        QVERIFY(((sd - 1.0).abs() < 1e-3).logical_or(sd < 1e-5).all().item<bool>());

        // The statistics travel in the checkpoint: a fresh method loading it gives the same soft prompt.
        const auto state = m.trainedState();
        std::map<std::string, torch::Tensor> saved;
        for (const auto& [name, t] : state)
            saved[name] = t.detach().clone();
        QVERIFY(saved.count("item_mean") && saved.count("item_scale"));
        QVERIFY(saved.at("item_mean").abs().sum().item<double>() > 0.0);
        torch::manual_seed(99);
        methods::PersomaMethod reloaded(w.decoder, *w.tokenizer, config);
        QVERIFY(!torch::allclose(reloaded.softPrompt(ex[1]), m.softPrompt(ex[1])));
        reloaded.loadTrainedState(saved);
        QVERIFY(torch::allclose(reloaded.softPrompt(ex[1]), m.softPrompt(ex[1])));
        // A checkpoint without them does not load into a standardizing method, and the reverse.
        std::map<std::string, torch::Tensor> without = saved;
        without.erase("item_mean");
        without.erase("item_scale");
        QVERIFY_THROWS_EXCEPTION(ConfigError, reloaded.loadTrainedState(without));
        QVERIFY_THROWS_EXCEPTION(ConfigError, plain.loadTrainedState(saved));
        plain.loadTrainedState(without);
    }

    void persomaInputLayout()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt, 2);
        torch::manual_seed(1);
        methods::PersomaMethod mlp(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        QCOMPARE(mlp.softPrompt(ex[0]).size(0), std::int64_t(ex[0].positions.size() + 4));
        QCOMPARE(mlp.inputTokens(ex[0]), int(ex[0].positions.size() + 4 + ex[0].promptIds.size()));
        methods::PersomaMethod per(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Perceiver, methods::DecoderMode::Frozen));
        QCOMPARE(per.softPrompt(ex[0]).size(0), std::int64_t(6 + 4));
        runtime::GenerationOptions g;
        g.maxNewTokens = 5;
        g.stopTokenIds = {2};
        const auto p = mlp.predict(ex[0], g);
        QCOMPARE(p.inputTokens, mlp.inputTokens(ex[0]));
        QVERIFY(p.generatedTokens >= 1 && p.generatedTokens <= 5);
    }

    void neighboursMatchBruteForce()
    {
        torch::manual_seed(5);
        const torch::Tensor vocab = torch::randn({30, 8});
        torch::Tensor soft = torch::randn({5, 8});
        soft[1] = vocab[17] * 2.5; // exactly on a vocabulary direction
        const auto r = methods::softPromptNeighbours(soft, vocab, 2, 4, 0.9, nullptr);
        QCOMPARE(r.tokens.size(), std::size_t(5));
        for (std::int64_t i = 0; i < 5; ++i) {
            std::vector<std::pair<double, std::int64_t>> all;
            for (std::int64_t v = 0; v < 30; ++v) {
                double dot = 0, a = 0, b = 0;
                for (std::int64_t d = 0; d < 8; ++d) {
                    const double x = soft[i][d].item<double>(), y = vocab[v][d].item<double>();
                    dot += x * y;
                    a += x * x;
                    b += y * y;
                }
                all.emplace_back(dot / std::sqrt(a * b), v);
            }
            std::sort(all.rbegin(), all.rend());
            const auto& t = r.tokens[static_cast<std::size_t>(i)];
            QCOMPARE(t.role, std::string(i < 2 ? "user" : "task"));
            QVERIFY(std::abs(t.norm - soft[i].norm().item<double>()) < 1e-5);
            for (std::size_t j = 0; j < 4; ++j) {
                QCOMPARE(t.neighbours[j].id, all[j].second);
                QVERIFY(std::abs(t.neighbours[j].cosine - all[j].first) < 1e-5);
            }
            QCOMPARE(t.nearWord, all[0].first >= 0.9);
        }
        QCOMPARE(r.tokens[1].neighbours[0].id, std::int64_t(17));
        QVERIFY(r.tokens[1].nearWord);
        std::size_t near = 0;
        for (const auto& t : r.tokens)
            near += t.nearWord;
        QCOMPARE(r.nearWordShare, near / 5.0);
        QVERIFY_THROWS_EXCEPTION(ShapeError, methods::softPromptNeighbours(soft, vocab, 0, 31, 0.5, nullptr));
    }
};

QTEST_APPLESS_MAIN(TestPersomaMethods)
#include "test_persoma_methods.moc"
