// core/api/trained_run: predictions equal train::Run's, neighbours at an intermediate checkpoint,
// the Perceiver's item attention, zero-shot without a folder; plus the adapter's attention accessor
// and Store::setPredictionNote used by the Compare view.
#include "tiny_run_folder.h"

#include "core/api/trained_run.h"
#include "core/common/error.h"
#include "core/methods/checkpoint.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/methods/persoma/adapters.h"
#include "core/runtime/decoder_cache.h"
#include "core/train/run.h"
#include "core/store/store.h"
#include "nn_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <map>
#include <thread>

using namespace persona;

class TestTrainedRun : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.filePath(QStringLiteral("run")).toStdString();
        const nlohmann::json metrics = testing::makeTinyPersomaRun(m_dir);
        QVERIFY(metrics.contains("test"));
    }

    void standardizedItemsSurviveReopen()
    {
        const std::string dir = m_tmp.filePath(QStringLiteral("standardized")).toStdString();
        nlohmann::json j = testing::tinyRunConfig(dir, "persoma", 3);
        j["persoma"]["standardizeItems"] = true;
        train::Run run(train::RunConfig::fromJson(j));
        run.trainAndSave();
        const auto saved = methods::loadCheckpoint(dir + "/checkpoint.safetensors");
        QVERIFY(saved.count("item_mean") && saved.count("item_scale"));
        auto reopened = train::Run::open(dir);
        QCOMPARE(reopened->config().sections.persoma.standardizeItems, true);
        // Fitted on the training users' items: there they have mean 0 in every dimension.
        std::vector<torch::Tensor> rows;
        for (const auto& e : reopened->examples(data::Split::Train, 0))
            rows.push_back(reopened->persoma()->adapterInput(e));
        QVERIFY(torch::cat(rows, 0).mean(0).abs().max().item<double>() < 1e-4);
        const std::string user = reopened->dataset().users[reopened->examples(data::Split::Test, 1).front().user].key;
        QVERIFY(torch::allclose(run.persoma()->softPrompt(run.example(user)),
                                reopened->persoma()->softPrompt(reopened->example(user))));
        // The Inspect view's item attention sees what the adapter saw: the standardized items.
        auto facade = api::TrainedRun::open(dir);
        const api::AttentionView shown = facade->attention(user);
        const methods::Example e = reopened->example(user);
        auto* p = reopened->persoma();
        const torch::Tensor seen = p->adapter().lastItemAttention(p->adapterInput(e));
        const torch::Tensor raw = p->adapter().lastItemAttention(e.items);
        QCOMPARE(std::int64_t(shown.weights.size()), seen.size(0));
        double maxSeen = 0.0, maxRaw = 0.0;
        for (std::int64_t l = 0; l < seen.size(0); ++l)
            for (std::int64_t i = 0; i < seen.size(1); ++i) {
                const double w = shown.weights[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)];
                maxSeen = std::max(maxSeen, std::abs(w - seen[l][i].item<double>()));
                maxRaw = std::max(maxRaw, std::abs(w - raw[l][i].item<double>()));
            }
        QVERIFY2(maxSeen < 1e-6, qPrintable(QString::number(maxSeen)));
        QVERIFY2(maxRaw > 1e-4, qPrintable(QString::number(maxRaw))); // raw items would show other weights

        // The field is checked like every other.
        j["persoma"]["standardizeItems"] = "yes";
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(j));
    }

    // The sketch warm-up runs before training on the run's own samples plus fresh ones of each
    // training user, is reported in the metrics, and still runs for a run of 0 decoder steps (whose
    // readout is scored); a run without the sketch has none.
    void sketchWarmUpInARun()
    {
        const std::string dir = m_tmp.filePath(QStringLiteral("warm")).toStdString();
        nlohmann::json j = testing::tinyRunConfig(dir, "persoma", 0);
        j["persoma"]["adapter"] = "mlp";
        j["persoma"]["sketchWarmupSteps"] = 40;
        j["persoma"]["sketchWarmupSamples"] = 3;
        j["train"]["evalLoss"] = true;
        train::Run run(train::RunConfig::fromJson(j));
        const std::size_t users = run.users(data::Split::Train, 0).size();
        std::map<std::string, torch::Tensor> before;
        for (auto& [name, t] : run.method().trainedState())
            before[name] = t.detach().clone();
        std::vector<std::string> phases;
        train::RunHooks hooks;
        hooks.onPhase = [&](const std::string& phase) { phases.push_back(phase); };
        const nlohmann::json m = run.trainAndSave({}, nullptr, hooks);
        QVERIFY(!m.contains("train")); // no decoder step
        QCOMPARE(phases, (std::vector<std::string>{"encoding", "warm-up", "testing", "saving"}));
        QCOMPARE(m["sketchWarmup"]["steps"].get<int>(), 40);
        QCOMPARE(m["sketchWarmup"]["examples"].get<std::size_t>(), users * 4); // own sample + 3 fresh
        QVERIFY(m["sketchWarmup"]["sketchLoss"].get<double>() > 0.0);
        QVERIFY(m["test"].contains("readoutF1"));
        int moved = 0;
        for (auto& [name, t] : run.method().trainedState())
            if (name.rfind("summary.", 0) == 0)
                moved += !torch::equal(before[name], t.detach());
            else if (name.rfind("adapter.", 0) == 0 || name == "task_prompt")
                QVERIFY2(torch::equal(before[name], t.detach()), name.c_str());
        QVERIFY(moved > 0);

        j["outputDir"] = dir + "-nosketch";
        j["persoma"]["sketchWeight"] = 0.0;
        train::Run plain(train::RunConfig::fromJson(j));
        const nlohmann::json p = plain.trainAndSave();
        QVERIFY(!p.contains("sketchWarmup"));
    }

    void predictMatchesRun()
    {
        auto facade = api::TrainedRun::open(m_dir);
        QVERIFY(facade->hasSoftPrompt());
        QVERIFY(facade->hasAttention());
        const auto users = facade->userKeys("test");
        QVERIFY(!users.empty());
        QCOMPARE(facade->userKeys("all").size(), std::size_t(30));
        QVERIFY_THROWS_EXCEPTION(ConfigError, facade->userKeys("nonsense"));
        const std::string user = users.front();
        const api::UserPredictionView v = facade->predict(user);
        qInfo("user %s: '%s' (truth '%s')", user.c_str(), v.output.c_str(), v.target.c_str());

        auto run = train::Run::open(m_dir);
        const auto e = run->example(user);
        const auto p = run->method().predict(e, run->config().train.eval.generation);
        QCOMPARE(v.output, p.text);
        QCOMPARE(v.inputTokens, p.inputTokens);
        QCOMPARE(v.target, e.targetText);
        QCOMPARE(v.user, user);
        QCOMPARE(v.method, run->method().name());
        QCOMPARE(v.historyItems, int(e.positions.size()));
        QVERIFY(!v.truthLiked.empty() || !v.truthDisliked.empty());
        QVERIFY(v.f1 >= 0.0 && v.f1 <= 1.0);
        QVERIFY_THROWS_EXCEPTION(ConfigError, facade->predict("no-such-user"));
    }

    // Several users generated together give each user what predicting them alone gives.
    void predictManyMatchesOneByOne()
    {
        auto facade = api::TrainedRun::open(m_dir);
        std::vector<std::string> users = facade->userKeys("test");
        const auto validation = facade->userKeys("validation");
        users.insert(users.end(), validation.begin(), validation.end());
        QVERIFY(users.size() >= 3);
        for (int batch : {0, 2}) {
            const auto many = facade->predictMany(users, batch);
            QCOMPARE(many.size(), users.size());
            for (std::size_t i = 0; i < users.size(); ++i) {
                const auto alone = facade->predict(users[i]);
                QCOMPARE(many[i].user, users[i]);
                QCOMPARE(many[i].output, alone.output);
                QCOMPARE(many[i].inputTokens, alone.inputTokens);
                QCOMPARE(many[i].f1, alone.f1);
            }
        }
        try {
            facade->predictMany({users[0], "no-such-user"});
            QFAIL("an unknown user was accepted");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("no-such-user") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(ConfigError, facade->predictMany(users, -1));
    }

    void neighboursAtCheckpoint()
    {
        auto facade = api::TrainedRun::open(m_dir);
        const auto list = facade->checkpoints();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].step, 0);
        const std::string user = facade->userKeys("test").front();
        const api::NeighbourView final1 = facade->neighbours(user, 5);
        const api::NeighbourView early = facade->neighbours(user, 5, 0.5, 0);
        const api::NeighbourView final2 = facade->neighbours(user, 5);
        QCOMPARE(final1.tokens.size(), std::size_t(6 + 2 + 4)); // latents + summary + task tokens
        QCOMPARE(final1.tokens.front().role, std::string("user"));
        QCOMPARE(final1.tokens.back().role, std::string("task"));
        QCOMPARE(final1.tokens.front().neighbours.size(), std::size_t(5));
        QCOMPARE(early.checkpointStep, 0);
        QCOMPARE(final1.checkpointStep, -1);
        bool differs = false;
        for (std::size_t t = 0; t < final1.tokens.size(); ++t) {
            differs = differs || std::abs(final1.tokens[t].norm - early.tokens[t].norm) > 1e-6;
            // The final state comes back after looking at a checkpoint.
            QCOMPARE(final2.tokens[t].norm, final1.tokens[t].norm);
            QCOMPARE(final2.tokens[t].neighbours.front().id, final1.tokens[t].neighbours.front().id);
        }
        QVERIFY2(differs, "training did not change the soft prompt, or the checkpoint was not loaded");
        for (const auto& t : final1.tokens)
            for (std::size_t i = 1; i < t.neighbours.size(); ++i)
                QVERIFY(t.neighbours[i - 1].cosine >= t.neighbours[i].cosine);
        // A step without a checkpoint: the same message as `persona eval --run --checkpoint-step`
        // (one lookup, methods::requireStepCheckpoint), naming the steps the folder has.
        QVERIFY_THROWS_EXCEPTION(ConfigError, facade->neighbours(user, 5, 0.5, 7));
        std::string said;
        try {
            facade->neighbours(user, 5, 0.5, 7);
        } catch (const ConfigError& e) {
            said = e.what();
        }
        std::string steps;
        for (const api::CheckpointInfo& c : facade->checkpoints())
            steps += (steps.empty() ? "" : ", ") + std::to_string(c.step);
        QVERIFY2(said == m_dir + ": no checkpoint at step 7 (saved steps: " + steps + ")", said.c_str());
    }

    void attentionRows()
    {
        auto facade = api::TrainedRun::open(m_dir);
        const std::string user = facade->userKeys("test").front();
        const api::AttentionView a = facade->attention(user);
        QCOMPARE(a.items.size(), std::size_t(4)); // historySize
        QCOMPARE(a.weights.size(), std::size_t(6)); // latents
        for (const auto& row : a.weights) {
            QCOMPARE(row.size(), a.items.size());
            double sum = 0.0;
            for (double w : row) {
                QVERIFY(w >= 0.0);
                sum += w;
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
        for (const auto& title : a.items)
            QVERIFY(!title.empty());
    }

    void adapterAttentionAccessor()
    {
        methods::AdapterConfig c;
        c.kind = methods::AdapterKind::Perceiver;
        c.inputDim = 8;
        c.outputDim = 12;
        c.hidden = 16;
        c.heads = 4;
        c.latents = 3;
        c.perceiverLayers = 2;
        c.maxItems = 16;
        torch::manual_seed(3);
        auto perceiver = methods::makeAdapter(c);
        const torch::Tensor items = torch::randn({5, 8});
        const torch::Tensor w = perceiver->lastItemAttention(items);
        QCOMPARE(w.sizes().vec(), (std::vector<std::int64_t>{3, 5}));
        QVERIFY(torch::allclose(w.sum(-1), torch::ones({3}), 1e-5, 1e-5));
        // The same as the last layer of a batched forward pass.
        perceiver->forward(items.unsqueeze(0), torch::ones({1, 5}, torch::kBool));
        QVERIFY(torch::allclose(perceiver->itemAttention().back()[0], w));
        c.kind = methods::AdapterKind::Mlp;
        QVERIFY(!methods::makeAdapter(c)->lastItemAttention(items).defined());
        QVERIFY_THROWS_EXCEPTION(ShapeError, perceiver->lastItemAttention(torch::randn({5})));
    }

    void zeroShotWithoutFolder()
    {
        auto zs = api::TrainedRun::openZeroShot(testing::tinyRunConfig(m_dir).dump());
        QCOMPARE(zs->method(), std::string("zero-shot"));
        QVERIFY(zs->dir().empty());
        QVERIFY(!zs->hasSoftPrompt());
        QVERIFY(zs->checkpoints().empty());
        const auto v = zs->predict(zs->userKeys("test").front());
        QVERIFY(v.inputTokens > 0);
        QVERIFY_THROWS_EXCEPTION(ConfigError, zs->neighbours(v.user));
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::TrainedRun::openZeroShot("[1, 2]"));
    }

    // Issue 33, defect 7: runs over one decoder file that leave it frozen share one loaded decoder
    // (two PERSOMA runs, zero-shot), each answering as it does alone, also from two threads at
    // once; a run that trains the decoder (full fine-tuning here, LoRA) keeps its own; the decoder
    // is freed with its last run.
    void runsOverOneDecoderShareIt()
    {
        QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{0});
        auto trainRun = [&](const QString& name, const std::string& mode, int steps, std::uint64_t seed) {
            const std::string dir = m_tmp.filePath(name).toStdString();
            nlohmann::json j = testing::tinyRunConfig(dir, "persoma", steps);
            j["decoder"]["mode"] = mode;
            j["train"]["seed"] = seed;
            train::Run run(train::RunConfig::fromJson(j));
            run.trainAndSave();
            return dir;
        };
        const std::string first = trainRun("frozen-1", "frozen", 6, 1);
        const std::string second = trainRun("frozen-2", "frozen", 3, 2);
        // What each run answers with a decoder of its own (train::Run, no sharing).
        std::map<std::string, std::string> alone;
        std::string user;
        for (const std::string& dir : {first, second, m_dir}) {
            auto run = train::Run::open(dir);
            user = run->dataset().users.at(run->split().test.front()).key;
            const auto e = run->example(user);
            alone[dir] = run->method().predict(e, run->config().train.eval.generation).text;
        }
        QVERIFY(alone[first] != alone[second] || alone[first] != alone[m_dir]); // answers that can tell runs apart
        QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{0});
        {
            auto a = api::TrainedRun::open(first);
            auto b = api::TrainedRun::open(second);
            auto z = api::TrainedRun::openZeroShot(testing::tinyRunConfig(first).dump());
            QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{1});
            QCOMPARE(a->predict(user).output, alone[first]);
            QCOMPARE(b->predict(user).output, alone[second]);
            QVERIFY(z->predict(user).inputTokens > 0);
            // A fully fine-tuned run beside them: its own decoder, its own answer.
            auto full = api::TrainedRun::open(m_dir);
            QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{1});
            QCOMPARE(full->predict(user).output, alone[m_dir]);
            // Two threads, one decoder: each run's answers stay its own.
            std::vector<std::string> fromA(6), fromB(6);
            std::thread ta([&] { for (auto& o : fromA) o = a->predict(user).output; });
            std::thread tb([&] { for (auto& o : fromB) o = b->predict(user).output; });
            ta.join();
            tb.join();
            for (std::size_t i = 0; i < fromA.size(); ++i) {
                QCOMPARE(fromA[i], alone[first]);
                QCOMPARE(fromB[i], alone[second]);
            }
            QCOMPARE(a->predict(user).output, alone[first]); // the full run did not reach the shared decoder
        }
        QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{0});

        // A LoRA run adds to its decoder: never shared.
        const std::string lora = trainRun("lora", "lora", 2, 3);
        auto l = api::TrainedRun::open(lora);
        QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{0});
        auto a = api::TrainedRun::open(first);
        QCOMPARE(runtime::sharedDecodersAlive(), std::size_t{1});
        QVERIFY(l->predict(user).inputTokens > 0);
        QCOMPARE(a->predict(user).output, alone[first]);
    }

    void openErrors()
    {
        QVERIFY_THROWS_EXCEPTION(IoError, api::TrainedRun::open(m_tmp.filePath(QStringLiteral("nothing")).toStdString()));
        // A checkpoint whose tensor has another shape: the error names the checkpoint file.
        namespace fs = std::filesystem;
        const std::string copy = m_tmp.filePath(QStringLiteral("reshaped")).toStdString();
        fs::copy(m_dir, copy, fs::copy_options::recursive);
        auto state = methods::loadCheckpoint(copy + "/checkpoint.safetensors");
        methods::NamedTensors changed;
        bool grown = false;
        for (auto& [name, t] : state) {
            changed.emplace_back(name, grown ? t : torch::cat({t, t.narrow(0, 0, 1)}, 0));
            grown = true;
        }
        methods::saveCheckpoint(copy + "/checkpoint.safetensors", changed);
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { api::TrainedRun::open(copy); },
                                                  {copy + "/checkpoint.safetensors", changed.front().first, "has shape"}));
    }

    void predictionNote()
    {
        store::Store s(m_tmp.filePath(QStringLiteral("store.sqlite")).toStdString());
        const auto run = s.createRun(store::NewRun{"r", "persoma", {}, 0, "", std::nullopt, "", ""});
        store::PredictionRecord p;
        p.userId = "7";
        p.output = "Liked Genres: Drama";
        const auto id = s.addPrediction(run, p);
        s.setPredictionNote(id, "odd output", nlohmann::json::array({"hallucination", "check"}));
        const auto back = s.predictions(run);
        QCOMPARE(back.size(), std::size_t(1));
        QCOMPARE(back[0].note, std::string("odd output"));
        QVERIFY(back[0].tags == nlohmann::json::array({"hallucination", "check"}));
        QCOMPARE(back[0].output, p.output);
        QVERIFY_THROWS_EXCEPTION(StoreError, s.setPredictionNote(id + 100, "x", nlohmann::json::array()));
        QVERIFY_THROWS_EXCEPTION(StoreError, s.setPredictionNote(id, "x", nlohmann::json::object()));
    }
};

QTEST_APPLESS_MAIN(TestTrainedRun)
#include "test_trained_run.moc"
