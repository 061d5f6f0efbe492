// runTraining: a train::Run driven with checkpoint/resume hooks, recorded in the store when one is
// given. Run folder layout (shared with the GUI's Inspect view and the MiLP search):
//   <runDir>/checkpoints/step-<N>.safetensors  the method's trainedState() at step N
//   <runDir>/resume/state.json + state-<N>.safetensors  what a resume needs (train_state.h)
//   <runDir>/checkpoint.safetensors, config.json, metrics.json  the final run (run.h)
#include "core/api/training.h"
#include "core/api/models.h"
#include "core/api/store_run.h"

#include "core/api/training_control_impl.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/json_number.h"
#include "core/common/log.h"
#include "core/common/sha256.h"
#include "core/methods/checkpoint.h"
#include "core/store/metric_writer.h"
#include "core/store/store.h"
#include "core/train/run.h"
#include "core/common/json_fields.h"
#include "core/train/presets.h"
#include "core/train/run_config.h"
#include "core/train/train_state.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string_view>

namespace fs = std::filesystem;

namespace persona::api {

TrainingControl::TrainingControl() : m_impl(std::make_unique<Impl>()) {}
TrainingControl::~TrainingControl() = default;
void TrainingControl::pause() { m_impl->token.pause(); }
void TrainingControl::resume() { m_impl->token.resume(); }
void TrainingControl::cancel() { m_impl->token.cancel(); }
bool TrainingControl::isPaused() const { return m_impl->token.isPaused(); }
bool TrainingControl::isCancelled() const { return m_impl->token.isCancelled(); }

nlohmann::json defaultRunConfig()
{
    return train::RunConfig().toJson();
}

std::vector<PresetInfo> runPresets()
{
    std::vector<PresetInfo> out;
    for (const train::RunPreset& p : train::runPresets())
        out.push_back({p.name, p.title, p.description});
    return out;
}

nlohmann::json presetRunConfig(const std::string& name)
{
    return train::presetConfig(name);
}

namespace {

// The built-in config names the default models and data folder relative to the source tree
// ("models/..."). Where the config file does not name them itself, the ones this installation finds
// (defaultModelPaths: $PERSONA_MODELS_DIR, the build tree, the user's and the system's data folders)
// go in their place, so a preset trains from any working folder.
void locateDefaultModels(nlohmann::json& j, const nlohmann::json& file)
{
    const train::RunConfig builtin;
    const ModelPaths found = defaultModelPaths();
    auto given = [&](const char* section, const char* field) {
        return file.contains(section) && file[section].is_object() && file[section].contains(field);
    };
    auto replace = [&](const char* section, const char* field, const std::string& builtinValue, const std::string& path) {
        std::error_code ec;
        if (given(section, field) || path.empty() || !std::filesystem::exists(path, ec))
            return;
        nlohmann::json& value = j[section][field];
        if (value.is_string() && value.get<std::string>() == builtinValue)
            value = path;
    };
    replace("models", "decoder", builtin.decoder, found.decoder);
    replace("models", "encoder", builtin.encoder, found.encoder);
    if (!found.dataset.empty())
        replace("data", "dataDir", builtin.dataDir, std::filesystem::path(found.dataset).parent_path().string());
}

} // namespace

nlohmann::json composeRunConfig(const std::string& preset, const std::string& configPath, const std::string& dataset)
{
    nlohmann::json j = preset.empty() ? defaultRunConfig() : train::presetConfig(preset);
    nlohmann::json file = nlohmann::json::object();
    if (!configPath.empty()) {
        file = readJsonObjectFile(configPath, kMaxConfigFileBytes, "run config");
        // Validate the file on its own first so its errors name the file and its fields.
        try {
            (void)train::RunConfig::fromJson(file);
        } catch (const ConfigError& e) {
            throw ConfigError(configPath + ": " + e.what());
        }
        j.merge_patch(file);
    }
    if (!dataset.empty())
        j["data"]["dataset"] = dataset;
    locateDefaultModels(j, file);
    try {
        return train::RunConfig::fromJson(j).toJson();
    } catch (const ConfigError& e) {
        throw ConfigError((configPath.empty() ? std::string() : configPath + ": ") + e.what());
    }
}

namespace {
int checkpointInterval(int evalEvery, int steps)
{
    return evalEvery > 0 ? evalEvery : std::clamp(steps / 10, 1, kMaxCheckpointEvery);
}
} // namespace

int defaultCheckpointEvery(const nlohmann::json& runConfig)
{
    const nlohmann::json defaults = defaultRunConfig()["train"];
    const nlohmann::json train = runConfig.is_object() && runConfig.contains("train") && runConfig["train"].is_object()
                                     ? runConfig["train"]
                                     : nlohmann::json::object();
    auto field = [&](const char* name) {
        const nlohmann::json& v = train.contains(name) ? train[name] : defaults[name];
        return v.is_number_integer() ? v.get<int>() : 0;
    };
    return checkpointInterval(field("evalEvery"), field("steps"));
}

void validateRunConfig(const nlohmann::json& config)
{
    (void)train::RunConfig::fromJson(config);
}

namespace {

// Everything one job keeps between the training loop's callbacks.
struct Job {
    const TrainingRequest& request;
    const TrainingProgressCallback& onProgress;
    train::RunConfig config;
    std::string runDir;
    std::unique_ptr<store::Store> st;
    std::unique_ptr<store::MetricWriter> writer;
    std::int64_t runId = 0;
    std::optional<train::TrainState> resumeState;
    int lastStep = 0;
    int lastCheckpointStep = -1;

    Job(const TrainingRequest& r, const TrainingProgressCallback& p) : request(r), onProgress(p) {}

    void phase(const char* name)
    {
        // "training" is announced by the first step's report: a report without a step would read
        // as a point of the curve.
        if (!onProgress || std::string_view(name) == "training")
            return;
        TrainingProgress p;
        p.runId = runId;
        p.step = lastStep;
        p.totalSteps = config.train.steps;
        p.phase = name;
        onProgress(p);
    }

    void progress(const train::Progress& t)
    {
        lastStep = t.step;
        if (writer) {
            std::vector<std::pair<std::string, double>> values = {{"train_loss", t.trainLoss},
                                                                   {"smoothed_loss", t.smoothedLoss},
                                                                   {"learning_rate", t.learningRate},
                                                                   {"tokens_per_second", t.tokensPerSecond},
                                                                   // seconds of training since step 0 (a resumed run's earlier legs included): the curves' wall-time axis
                                                                   {"wall_time_seconds", t.elapsedSeconds}};
            if (t.evaluated) {
                values.emplace_back("val_loss", t.valLoss);
                values.emplace_back("val_f1", t.valF1);
            }
            writer->add(t.step, values); // one call per step: a step's points commit together
        }
        if (!onProgress)
            return;
        TrainingProgress p;
        p.runId = runId;
        p.step = t.step;
        p.totalSteps = t.totalSteps;
        p.trainLoss = t.trainLoss;
        p.smoothedLoss = t.smoothedLoss;
        p.learningRate = t.learningRate;
        p.evaluated = t.evaluated;
        p.valLoss = t.valLoss;
        p.valF1 = t.valF1;
        p.tokensPerSecond = t.tokensPerSecond;
        p.elapsedSeconds = t.elapsedSeconds;
        p.etaSeconds = t.etaSeconds;
        p.phase = "training";
        onProgress(p);
    }

    // Order matters for a kill at any point: the step checkpoint, then every metric point up to
    // this step committed, then the resume state (its JSON is the commit point), then the store's
    // artifact and resume pointer. A resume always finds a complete state and the curve up to it.
    void checkpoint(const train::TrainState& s)
    {
        if (s.step == lastCheckpointStep || s.step == 0)
            return;
        const std::string ckpt = methods::stepCheckpointPath(runDir, s.step);
        fs::create_directories(fs::path(ckpt).parent_path());
        methods::saveCheckpoint(ckpt, s.current);
        if (writer)
            writer->flush();
        train::saveTrainState((fs::path(runDir) / "resume").string(), s);
        lastCheckpointStep = s.step;
        if (st) {
            store::ArtifactRecord a;
            a.kind = "checkpoint";
            a.path = ckpt;
            a.sha256 = sha256File(ckpt);
            a.step = s.step;
            const std::int64_t id = st->addArtifact(runId, a);
            st->setCheckpoint(runId, id, s.step);
        }
        pruneCheckpoints(s.step);
    }

    // Deletes the oldest step checkpoints beyond train.keepCheckpoints (never the one at `newest`)
    // and their store records. A file that cannot be deleted is left, with a warning.
    void pruneCheckpoints(int newest)
    {
        const int keep = config.train.keepCheckpoints;
        if (keep <= 0)
            return;
        const std::vector<methods::StepCheckpoint> found = methods::listStepCheckpoints(runDir);
        if (found.size() <= static_cast<std::size_t>(keep))
            return;
        const std::size_t drop = found.size() - static_cast<std::size_t>(keep);
        for (std::size_t i = 0; i < drop; ++i) {
            if (found[i].step == newest)
                continue;
            std::error_code ec;
            fs::remove(found[i].path, ec);
            if (ec) {
                log::warning("cannot delete old checkpoint " + found[i].path + ": " + ec.message());
                continue;
            }
            if (st)
                st->removeArtifacts(runId, found[i].path);
        }
    }

    void recordTest(const train::Run& run, const train::EvalResult& test)
    {
        if (!st)
            return;
        const auto& ds = run.dataset();
        auto names = [&](const std::vector<std::uint16_t>& ids) {
            nlohmann::json a = nlohmann::json::array();
            for (auto g : ids)
                a.push_back(g < ds.genres.size() ? ds.genres[g] : std::to_string(g));
            return a;
        };
        // The next-item task has no genres: its predictions carry the target text and the user's
        // F-measures, and its test points are ROUGE-1, ROUGE-L and Persona-F1.
        const bool next = test.task == methods::TaskKind::NextItem;
        std::vector<store::PredictionRecord> records;
        records.reserve(test.predictions.size());
        for (const auto& p : test.predictions) {
            store::PredictionRecord r;
            r.userId = p.userKey;
            r.output = p.text;
            if (next) {
                r.genres = nlohmann::json::object();
                r.metrics = {{"target", p.target}, {"rouge1", finiteOrNull(p.rouge1)}, {"rougeL", finiteOrNull(p.rougeL)},
                             {"personaF1", finiteOrNull(p.personaF1)}};
            } else {
                r.genres = {{"liked", names(p.parsed.liked)}, {"disliked", names(p.parsed.disliked)}};
                r.metrics = {{"f1", p.f1},
                             {"truth", {{"liked", names(p.truth.liked)}, {"disliked", names(p.truth.disliked)}}}};
            }
            r.inputTokens = p.inputTokens;
            r.latencyMs = p.seconds * 1000.0;
            records.push_back(std::move(r));
        }
        st->replacePredictions(runId, records);
        std::vector<store::MetricPoint> points;
        if (next)
            points = {{lastStep, "test_rouge1", test.rouge1}, {lastStep, "test_rougeL", test.rougeL},
                      {lastStep, "test_persona_f1", test.personaF1}};
        else
            points = {{lastStep, "test_f1", test.report.weighted.f1},
                      {lastStep, "test_precision", test.report.weighted.precision},
                      {lastStep, "test_recall", test.report.weighted.recall}};
        if (std::isfinite(test.crossUserF1)) // genre task only
            points.push_back({lastStep, "test_cross_user_f1", test.crossUserF1}); // F1 against other users' truths
        if (std::isfinite(test.readoutF1)) // PERSOMA with summary tokens: what they spell
            points.push_back({lastStep, "test_readout_f1", test.readoutF1});
        points.push_back({lastStep, "test_distinct_outputs", static_cast<double>(train::distinctOutputs(test))});
        if (std::isfinite(test.loss))
            points.push_back({lastStep, "test_loss", test.loss});
        if (std::isfinite(test.swappedHistoryLoss))
            points.push_back({lastStep, "test_swapped_history_loss", test.swappedHistoryLoss});
        points.push_back({lastStep, "test_users", static_cast<double>(test.predictions.size())});
        if (std::isfinite(test.userTokenNorm)) { // soft-prompt methods
            points.push_back({lastStep, "test_user_token_norm", test.userTokenNorm});
            points.push_back({lastStep, "test_vocabulary_norm", test.vocabularyNorm});
            points.push_back({lastStep, "test_user_token_spread", test.userTokenSpread});
        }
        if (writer)
            writer->flush(); // keep the store's last_step monotonic with the writer's commits
        st->addMetricPoints(runId, points);
    }
};

// Opens the store run to resume: its config, run folder and resume state.
void prepareResume(Job& job)
{
    if (job.request.storePath.empty())
        throw ConfigError("resuming run " + std::to_string(job.request.resumeRunId) + " needs the store it is recorded in");
    job.st = std::make_unique<store::Store>(job.request.storePath);
    const store::RunRecord rec = job.st->run(job.request.resumeRunId);
    if (rec.status == store::RunStatus::Finished)
        throw ConfigError("run " + std::to_string(rec.id) + " is finished: nothing to resume");
    try {
        job.config = train::RunConfig::fromSavedJson(rec.config);
    } catch (const ConfigError& e) {
        throw ConfigError("run " + std::to_string(rec.id) + " in " + job.request.storePath + ": " + e.what());
    }
    job.runId = rec.id;
    job.runDir = job.config.outputDir;
    const store::ResumePoint rp = job.st->resumePoint(rec.id);
    if (rp.checkpoint) // <runDir>/checkpoints/step-N.safetensors
        job.runDir = fs::path(rp.checkpoint->path).parent_path().parent_path().string();
    const std::string resumeDir = (fs::path(job.runDir) / "resume").string();
    if (train::hasTrainState(resumeDir)) {
        job.resumeState = train::loadTrainState(resumeDir);
        job.lastStep = job.resumeState->step;
        job.lastCheckpointStep = job.resumeState->step;
    } else if (rp.checkpoint) {
        throw IoError(resumeDir + ": run " + std::to_string(rec.id) + " has a checkpoint at step " +
                      std::to_string(rp.checkpointStep.value_or(0)) + " but no resume state");
    }
    job.config.outputDir = job.runDir;
}

// A request's threads (0: none) in place of the config's, range-checked as the config's own field.
void overrideThreads(train::RunConfig& config, int threads)
{
    if (threads == 0)
        return;
    config.threads = threads;
    config.validate();
}

void createStoreRun(Job& job)
{
    job.st = std::make_unique<store::Store>(job.request.storePath);
    store::NewRun n;
    n.name = job.config.name;
    n.method = job.config.method->name;
    n.config = job.config.toJson();
    n.seed = static_cast<std::int64_t>(job.config.train.seed);
    n.device = job.config.device;
    job.runId = createRunRecord(*job.st, n, job.config.dataset, job.config.dataDir);
}

} // namespace

TrainingOutcome runTraining(const TrainingRequest& request, const TrainingProgressCallback& onProgress,
                            TrainingControl* control)
{
    CancelToken* cancel = cancelTokenOf(control);
    if (request.checkpointEvery < 0)
        throw ConfigError("checkpointEvery must be >= 0, not " + std::to_string(request.checkpointEvery));
    Job job(request, onProgress);
    if (request.resumeRunId > 0) {
        prepareResume(job);
        overrideThreads(job.config, request.threads);
    } else {
        job.config = train::RunConfig::fromJson(request.config);
        overrideThreads(job.config, request.threads);
        job.config.outputDir = fs::absolute(job.config.outputDir).lexically_normal().string();
        job.runDir = job.config.outputDir;
        if (!request.storePath.empty())
            createStoreRun(job);
    }

    TrainingOutcome out;
    out.runId = job.runId;
    out.runDir = job.runDir;
    out.resumedFromStep = job.resumeState ? job.resumeState->step : 0;
    // Refused for a run that another live process is training: nothing is marked then.
    if (job.st)
        job.st->markRunning(job.runId, job.config.device);
    try {
        if (job.st)
            job.writer = std::make_unique<store::MetricWriter>(job.st->path(), job.runId);
        job.phase("loading");
        train::Run run(job.config);
        train::RunHooks hooks;
        hooks.train.resumeFrom = job.resumeState ? &*job.resumeState : nullptr;
        hooks.train.checkpointEvery =
            request.checkpointEvery > 0 ? request.checkpointEvery
                                        : checkpointInterval(job.config.train.evalEvery, job.config.train.steps);
        hooks.train.onCheckpoint = [&](const train::TrainState& s) { job.checkpoint(s); };
        hooks.onPhase = [&](const std::string& name) { job.phase(name.c_str()); };
        hooks.onTest = [&](const train::EvalResult& test) { job.recordTest(run, test); };
        out.metrics = run.trainAndSave([&](const train::Progress& p) { job.progress(p); }, cancel, hooks);
        if (job.writer)
            job.writer->flush();
        if (job.st) {
            store::ArtifactRecord a;
            a.kind = "model"; // the final (best) state, what `persona eval --run` opens
            a.path = (fs::path(job.runDir) / "checkpoint.safetensors").string();
            a.sha256 = sha256File(a.path);
            a.step = job.lastStep;
            job.st->addArtifact(job.runId, a);
            job.st->markFinished(job.runId);
        }
        out.status = "finished";
    } catch (const CancelledError&) {
        try {
            if (job.writer)
                job.writer->flush();
            if (job.st)
                job.st->markCancelled(job.runId);
        } catch (const std::exception& e) {
            log::error("run " + std::to_string(job.runId) + ": recording the cancel failed: " + e.what());
        }
        out.status = "cancelled";
        out.metrics = {{"stepsDone", job.lastStep}};
    } catch (const std::exception& e) {
        try {
            job.writer.reset(); // commits what is queued
            if (job.st)
                job.st->markFailed(job.runId, e.what());
        } catch (const std::exception& e2) {
            log::error("run " + std::to_string(job.runId) + ": recording the failure failed: " + e2.what());
        }
        throw;
    }
    return out;
}

nlohmann::json planTraining(const nlohmann::json& config)
{
    const train::RunConfig c = train::RunConfig::fromJson(config);
    train::Run run(c);
    nlohmann::json j = {{"name", c.name},
                        {"method", run.method().name()},
                        {"trainUsers", run.users(data::Split::Train, c.maxTrainUsers).size()},
                        {"validationUsers", run.users(data::Split::Validation, c.maxValUsers).size()},
                        {"testUsers", run.users(data::Split::Test, c.maxTestUsers).size()},
                        {"trainableParameters", run.trainableParameterCount()},
                        {"steps", c.train.steps},
                        {"batchSize", c.train.batchSize}};
    if (!run.method().trainable() || c.train.steps == 0)
        return j;
    const auto trainSet = run.examples(data::Split::Train, c.maxTrainUsers);
    const train::TrainingMemoryPlan plan = run.planMemory(trainSet);
    constexpr double kMiB = 1024.0 * 1024.0;
    j["longestSequence"] = plan.longestSequence;
    j["microBatchSize"] = plan.microBatchSize;
    j["examplesPerPass"] = plan.estimate.examplesPerPass;
    j["estimatedPassTensorMiB"] = std::round(static_cast<double>(plan.estimate.passTensorBytes) / kMiB);
    j["estimatedGrowthMiB"] = std::round(static_cast<double>(plan.estimate.processBytes) / kMiB);
    j["memoryLimitMiB"] = plan.limitBytes ? nlohmann::json(*plan.limitBytes >> 20) : nlohmann::json(nullptr);
    return j;
}

} // namespace persona::api
