#include "core/train/run.h"

#include "core/common/crash_point.h"
#include "core/methods/retrieval_index.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/log.h"
#include "core/data/dataset_loader.h"
#include "core/runtime/decoder_cache.h"
#include "core/methods/checkpoint.h"
#include "core/methods/examples.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/common/cancel_token.h"
#include "core/common/json_fields.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <iterator>
#include <filesystem>
#include <optional>

namespace persona::train {
namespace {

nlohmann::json decoderIdentity(const nn::LlamaConfig& c)
{
    return {{"vocabSize", c.vocabSize}, {"hidden", c.hidden}, {"layers", c.layers}, {"heads", c.heads},
            {"kvHeads", c.kvHeads}, {"intermediate", c.intermediate}};
}

} // namespace

Run::Run(RunConfig config, bool shareFrozenDecoder) : m_config(std::move(config))
{
    m_config.validate();
    m_threads = runtime::configureThreads(m_config.threads);
    data::LoadOptions lo;
    lo.minItemRatings = m_config.minItemRatings;
    m_ds = data::loadDataset(data::resolveDatasetPath(m_config.dataset, m_config.dataDir), lo);
    m_split = data::splitUsers(m_ds, m_config.split);
    checkDataFits();

    const methods::MethodSpec& spec = *m_config.method;
    const bool needsDecoder = spec.input != methods::InputKind::CountsOnly;
    if (needsDecoder) {
        runtime::LoadOptions mo;
        mo.device = m_config.device;
        mo.dtype = runtime::resolveDType(m_config.dtype, runtime::resolveDevice(m_config.device));
        const methods::DecoderMode mode =
            spec.trainedDecoderMode ? spec.trainedDecoderMode(m_config.sections) : m_config.sections.decoder.mode;
        if (shareFrozenDecoder && mode == methods::DecoderMode::Frozen) {
            auto shared = runtime::sharedDecoder(m_config.decoder, mo);
            m_decoder = shared->decoder;
            m_decoderMutex = shared->mutex;
            m_sharedDecoder = std::move(shared);
        } else {
            m_decoder = runtime::loadDecoder(m_config.decoder, mo);
        }
        m_tokenizer = tokenizers::loadTokenizer(m_config.decoder);
        runtime::requireTokenizerFits(*m_tokenizer, m_decoder.config.vocabSize, m_config.decoder);
        // Generation (evaluation, predict) stops at the end of the answer turn, not at maxNewTokens:
        // the next-item texts are scored word by word.
        if (m_config.train.eval.generation.stopTokenIds.empty())
            m_config.train.eval.generation.stopTokenIds = methods::stopTokenIds(*m_tokenizer);
    }
    torch::manual_seed(m_config.train.seed);
    if (spec.input == methods::InputKind::SoftPrompt) {
        runtime::LoadOptions eo;
        eo.device = m_config.device;
        m_encoder = runtime::loadEncoder(m_config.encoder, eo);
        m_encoderTokenizer = tokenizers::loadTokenizer(m_config.encoder);
        runtime::requireTokenizerFits(*m_encoderTokenizer, m_encoder.config.vocabSize, m_config.encoder);
        methods::ItemParts parts = m_config.itemParts;
        bool anyText = false;
        for (const auto& item : m_ds.items)
            anyText = anyText || !item.text.empty();
        if (!anyText && parts.description && (parts.title || parts.genres || parts.rating))
            parts.description = false; // no item has a description: a zero block would only add inputs
        m_config.itemParts = parts;
        m_history = std::make_unique<methods::HistoryEncoder>(*m_encoder.model, *m_encoderTokenizer,
                                                              methods::fileContentHash(m_config.encoder),
                                                              m_config.cacheDir, parts, m_ds.genres.size());
    }
    // Retrieval's item vectors, through the method's own history encoder when it has one (the same
    // encoder file and cache as loadRetrievalIndex, loaded once).
    if (m_config.sampling == data::SamplingStrategy::Retrieval)
        m_retrieval = m_history ? methods::retrievalIndex(m_ds, *m_history, m_config.task)
                                : methods::loadRetrievalIndex(m_ds, m_config.encoder, m_config.device, m_config.cacheDir,
                                                              m_config.task);
    methods::BuildContext context{m_ds, m_config.sections, m_decoder.model, m_tokenizer.get(), m_history.get(),
                                  m_config.historySize};
    m_method = spec.create(context);
}

methods::ExampleOptions Run::exampleOptions() const
{
    methods::ExampleOptions o = m_config.exampleOptions();
    o.retrieval = m_retrieval;
    return o;
}

nlohmann::json Run::prepareTraining(const std::vector<methods::Example>& trainSet, bool warmUp,
                                    const std::function<void(const std::string&)>& onPhase)
{
    const methods::MethodSpec& spec = *m_config.method;
    if (!spec.prepare)
        return nlohmann::json::object();
    const std::vector<std::size_t> trainUsers = users(data::Split::Train, m_config.maxTrainUsers);
    methods::PrepareContext context{trainSet, warmUp, m_config.name,
                                    [&](std::uint64_t seed) {
                                        methods::ExampleOptions o = exampleOptions();
                                        o.sampling = data::SamplingStrategy::Random;
                                        o.samplingSeed = seed;
                                        return buildExamples(trainUsers, o);
                                    },
                                    m_config.train.seed, onPhase};
    return spec.prepare(*m_method, m_config.sections, context);
}

bool Run::warmsUp() const
{
    return m_config.method->warmsUp && m_config.method->warmsUp(m_config.sections);
}

void Run::checkDataFits() const
{
    std::size_t longest = 0;
    for (const data::User& u : m_ds.users)
        longest = std::max(longest, u.history.size());
    const std::string where = m_ds.source;
    if (m_config.historySize > longest)
        throw ConfigError("data.historySize " + std::to_string(m_config.historySize) + " is larger than every user's history in " +
                          where + " (the longest has " + std::to_string(longest) + " items)");
    auto need = [&](const std::vector<std::size_t>& users, const char* split, bool needed) {
        if (needed && users.empty())
            throw ConfigError(where + ": " + std::to_string(m_ds.users.size()) + " users leave no " + split +
                              " user under data.split (train " + std::to_string(m_config.split.train) + ", validation " +
                              std::to_string(m_config.split.validation) + ", test " + std::to_string(m_config.split.test) +
                              ")");
    };
    const bool trains = m_config.train.steps > 0 && m_config.method->trains;
    need(m_split.train, "training", trains || warmsUp());
    need(m_split.test, "test", true);
}

std::unique_ptr<Run> Run::open(const std::string& dir, const std::string& device, const OtherDataset* other,
                               bool shareFrozenDecoder)
{
    namespace fs = std::filesystem;
    const std::string configPath = (fs::path(dir) / "config.json").string();
    if (!fs::exists(configPath))
        throw IoError(dir + ": not a run folder (no config.json)");
    nlohmann::json saved = readJsonObjectFile(configPath, kMaxConfigFileBytes, "run folder's config");
    nlohmann::json identity = saved.contains("decoderIdentity") ? saved["decoderIdentity"] : nlohmann::json();
    saved.erase("decoderIdentity");
    RunConfig c;
    try {
        c = RunConfig::fromSavedJson(saved);
    } catch (const ConfigError& e) {
        throw ConfigError(configPath + ": " + e.what());
    }
    if (!device.empty())
        c.device = device;
    std::vector<std::string> trainedGenres;
    std::string trainedOn;
    if (other) {
        trainedOn = data::resolveDatasetPath(c.dataset, c.dataDir);
        try {
            data::LoadOptions lo;
            lo.minItemRatings = c.minItemRatings;
            trainedGenres = data::loadDataset(trainedOn, lo).genres;
        } catch (const Error& e) {
            throw ConfigError(dir + ": cannot tell whether the run can read " + other->dataset + ": its own dataset (" +
                              trainedOn + ") cannot be read to compare the genres: " + e.what());
        }
        c.dataset = other->dataset;
        c.dataDir.clear();
        c.minItemRatings = other->minItemRatings;
    }
    auto run = std::make_unique<Run>(c, shareFrozenDecoder);
    if (other && run->m_ds.genres != trainedGenres) {
        auto list = [](const std::vector<std::string>& g) {
            std::string s;
            for (const auto& name : g)
                s += (s.empty() ? "" : ", ") + name;
            return std::to_string(g.size()) + " (" + s + ")";
        };
        throw ConfigError(dir + ": was trained on " + trainedOn + " whose genres are " + list(trainedGenres) + "; " +
                          run->m_ds.source + " has " + list(run->m_ds.genres) +
                          ": the run cannot read this dataset's items (its inputs and answers are those genres)");
    }
    if (!run->m_method->trainable())
        return run;
    if (!identity.is_null() && !run->m_decoder.model.is_empty()) {
        const nlohmann::json now = decoderIdentity(run->m_decoder.config);
        if (identity != now)
            throw ConfigError(dir + ": the checkpoint was trained with another decoder (" + identity.dump() + ", now " +
                              now.dump() + ")");
    }
    const std::string ckpt = (fs::path(dir) / "checkpoint.safetensors").string();
    run->m_method->loadTrainedState(methods::loadCheckpoint(ckpt), ckpt);
    return run;
}

std::vector<std::size_t> Run::users(data::Split split, std::size_t maxUsers) const
{
    std::vector<std::size_t> out = m_split.part(split);
    if (maxUsers > 0 && out.size() > maxUsers)
        out.resize(maxUsers);
    return out;
}

std::vector<methods::Example> Run::examples(data::Split split, std::size_t maxUsers)
{
    return buildExamples(users(split, maxUsers), exampleOptions());
}

std::vector<methods::Example> Run::buildExamples(const std::vector<std::size_t>& userIndices, const methods::ExampleOptions& options)
{
    return methods::buildExamples(m_ds, userIndices, options, m_config.method->input, m_tokenizer.get(), m_history.get());
}

methods::Example Run::example(const std::string& userKey)
{
    const auto u = m_ds.findUser(userKey);
    if (!u)
        throw ConfigError("user '" + userKey + "' is not in " + m_ds.source);
    return buildExamples({*u}, exampleOptions()).front();
}

std::vector<data::Interaction> Run::swapUserHistory(std::size_t user, std::vector<data::Interaction> history)
{
    std::swap(m_ds.users.at(user).history, history);
    return history;
}

methods::Example Run::exampleWithPositions(const methods::Example& base, const std::vector<std::size_t>& positions)
{
    return methods::withPositions(m_ds, base, positions, exampleOptions(), m_config.method->input, m_tokenizer.get(),
                                  m_history.get());
}

EvalResult Run::evaluate(data::Split split, std::size_t maxUsers, CancelToken* cancel, int generationBatch)
{
    const auto ex = examples(split, maxUsers);
    EvalOptions options = m_config.train.eval;
    if (generationBatch >= 0)
        options.generationBatch = generationBatch;
    return evaluateMethod(*m_method, ex, m_ds, options, cancel);
}

methods::PersomaMethod* Run::persoma()
{
    return methods::asPersoma(*m_method);
}

std::int64_t Run::trainableParameterCount()
{
    std::int64_t n = 0;
    for (const auto& t : m_method->parameters())
        n += t.numel();
    return n;
}

TrainingMemoryInput Run::trainingMemoryInput(const std::vector<methods::Example>& trainSet)
{
    if (m_decoder.model.is_empty())
        throw ConfigError(m_method->name() + " has no decoder to train");
    TrainingMemoryInput in;
    in.decoder = m_decoder.config;
    in.elementBytes = static_cast<std::int64_t>(c10::elementSize(runtime::torchDtype(m_decoder.dtype)));
    in.batchSize = m_config.train.batchSize;
    in.microBatchSize = m_config.train.microBatchSize;
    in.trainableParameters = trainableParameterCount();
    // A method trains the decoder as the decoder section says, unless its spec says otherwise (MiLP: LoRA).
    const methods::MethodSpec& spec = *m_config.method;
    in.decoderMode = spec.trainedDecoderMode ? spec.trainedDecoderMode(m_config.sections) : m_config.sections.decoder.mode;
    for (const auto& e : trainSet) {
        const auto target = static_cast<std::int64_t>(e.targetIds.size());
        in.longestSequence = std::max<std::int64_t>(in.longestSequence, m_method->inputTokens(e) + target);
        in.longestTarget = std::max(in.longestTarget, target);
    }
    return in;
}

TrainingMemoryPlan Run::planMemory(const std::vector<methods::Example>& trainSet)
{
    TrainingMemoryPlan plan;
    TrainingMemoryInput in = trainingMemoryInput(trainSet);
    plan.longestSequence = in.longestSequence;
    if (m_config.train.memoryLimitMiB > 0)
        plan.limitBytes = std::int64_t{m_config.train.memoryLimitMiB} << 20;
    else if (m_config.train.memoryLimitMiB == 0 && m_decoder.device == "cpu")
        plan.limitBytes = availableMemoryBytes();
    const std::string where = m_config.name + ": train";
    if (in.microBatchSize < 0) {
        plan.microBatchSize = plan.limitBytes ? chooseMicroBatch(in, *plan.limitBytes, where) : 0;
        in.microBatchSize = plan.microBatchSize;
    } else {
        plan.microBatchSize = in.microBatchSize;
        if (plan.limitBytes)
            checkTrainingMemory(in, *plan.limitBytes, where);
    }
    plan.estimate = estimateTrainingMemory(in);
    return plan;
}

nlohmann::json Run::trainAndSave(const ProgressCallback& progress, CancelToken* cancel, const RunHooks& hooks)
{
    auto phase = [&](const char* name) {
        if (hooks.onPhase)
            hooks.onPhase(name);
    };
    nlohmann::json metrics;
    metrics["method"] = m_method->name();
    metrics["task"] = methods::taskName(m_config.task);
    metrics["device"] = !m_decoder.model.is_empty() ? m_decoder.device : std::string("cpu");
    metrics["threads"] = {{"requested", m_threads.threads}, {"torch", m_threads.torchThreads}, {"blas", m_threads.blasThreads}};
    metrics["trainableParameters"] = trainableParameterCount();
    const bool trains = m_method->trainable() && m_config.train.steps > 0;
    const bool fitItems = m_config.method->fitsOnTrainSet && m_config.method->fitsOnTrainSet(m_config.sections);
    std::vector<methods::Example> trainSet;
    if (trains || fitItems || warmsUp()) {
        phase("encoding");
        trainSet = examples(data::Split::Train, m_config.maxTrainUsers);
        // A resumed run loads its trained state over whatever a warm-up would give. A PERSOMA run
        // of 0 decoder steps still warms its sketch up: the cheapest model that reads the user.
        const nlohmann::json prepared = prepareTraining(trainSet, !hooks.train.resumeFrom, hooks.onPhase);
        if (prepared.contains("sketchWarmup"))
            metrics["sketchWarmup"] = prepared["sketchWarmup"];
    }
    if (trains) {
        const auto valSet = examples(data::Split::Validation, m_config.maxValUsers);
        // A step that cannot fit in memory stops here with the way out, not in the system's
        // out-of-memory killer mid-run. GPU runs get CUDA's own out-of-memory error instead.
        const int asked = m_config.train.microBatchSize;
        m_config.train.microBatchSize = planMemory(trainSet).microBatchSize;
        if (asked < 0 && m_config.train.microBatchSize > 0)
            log::info(m_config.name + ": train: the whole batch does not fit in memory, so it runs in passes of " +
                      std::to_string(m_config.train.microBatchSize) + " examples (the same updates)");
        log::info("training " + m_method->name() + " on " + std::to_string(trainSet.size()) + " users, validating on " +
                  std::to_string(valSet.size()));
        phase("training");
        const TrainResult r = trainMethod(*m_method, trainSet, valSet, m_ds, m_config.train, progress, cancel, hooks.train);
        metrics["train"] = r.toJson();
        metrics["trainUsers"] = trainSet.size();
    }
    phase("testing");
    crashPoint("testing");
    const EvalResult test = evaluate(data::Split::Test, m_config.maxTestUsers, cancel);
    metrics["test"] = evalSummaryJson(test);
    if (hooks.onTest)
        hooks.onTest(test);
    phase("saving");
    crashPoint("saving");
    save(m_config.outputDir, metrics);
    return metrics;
}

methods::NeighbourReport Run::neighbours(const std::string& userKey, std::int64_t k, double threshold)
{
    auto* p = persoma();
    if (!p)
        throw ConfigError("soft-prompt neighbours need a PERSOMA run, this one is " + m_method->name());
    const methods::Example e = example(userKey);
    const torch::Tensor soft = p->softPrompt(e);
    const std::size_t user = static_cast<std::size_t>(soft.size(0) - p->config().taskTokens);
    return methods::softPromptNeighbours(soft, p->decoder().inputEmbeddingMatrix(), user, k, threshold, m_tokenizer.get());
}

void Run::save(const std::string& dir, const nlohmann::json& metrics)
{
    std::filesystem::create_directories(dir);
    nlohmann::json config = m_config.toJson();
    if (!m_decoder.model.is_empty())
        config["decoderIdentity"] = decoderIdentity(m_decoder.config);
    // open() strips decoderIdentity before RunConfig::fromJson (which rejects unknown fields).
    methods::saveCheckpoint((std::filesystem::path(dir) / "checkpoint.safetensors").string(), m_method->trainedState());
    writeJsonFile((std::filesystem::path(dir) / "config.json").string(), config);
    if (!metrics.is_null())
        writeJsonFile((std::filesystem::path(dir) / "metrics.json").string(), metrics);
}

} // namespace persona::train
