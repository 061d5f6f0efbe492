#include "core/methods/milp/search/milp_run.h"

#include "core/common/error.h"
#include "core/common/log.h"
#include "core/data/dataset_loader.h"
#include "core/eval/text_metrics.h"
#include "core/methods/examples.h"
#include "core/runtime/device.h"
#include "core/common/cancel_token.h"
#include "core/train/evaluator.h"
#include "core/train/run.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace persona::train {
namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

runtime::GenerationOptions generationFor(const tokenizers::Tokenizer& tokenizer, int maxNewTokens)
{
    runtime::GenerationOptions g;
    g.maxNewTokens = maxNewTokens;
    try {
        g.stopTokenIds = methods::stopTokenIds(tokenizer);
    } catch (const ConfigError&) {
        // no end-of-turn token: generation stops at maxNewTokens
    }
    return g;
}

// Mean target loss over examples in batches, without autograd.
double meanLoss(methods::Method& method, const std::vector<methods::Example>& examples, int batchSize)
{
    if (examples.empty())
        return std::nan("");
    torch::NoGradGuard noGrad;
    method.setTraining(false);
    double sum = 0.0;
    int batches = 0;
    const auto bs = static_cast<std::size_t>(std::max(1, batchSize));
    for (std::size_t i = 0; i < examples.size(); i += bs) {
        std::vector<const methods::Example*> batch;
        for (std::size_t k = i; k < std::min(examples.size(), i + bs); ++k)
            batch.push_back(&examples[k]);
        sum += method.loss(batch).item<double>();
        ++batches;
    }
    return sum / batches;
}

} // namespace

nlohmann::json milpDecoderIdentity(const nn::LlamaConfig& c)
{
    return {{"vocabSize", c.vocabSize}, {"hidden", c.hidden}, {"layers", c.layers}, {"heads", c.heads},
            {"kvHeads", c.kvHeads}, {"intermediate", c.intermediate}};
}

MilpSearch::MilpSearch(MilpRunConfig config) : m_config(std::move(config))
{
    m_config.validate();
    runtime::configureThreads(m_config.base.threads);
    data::LoadOptions lo;
    lo.minItemRatings = m_config.base.minItemRatings;
    m_ownedDs = data::loadDataset(data::resolveDatasetPath(m_config.base.dataset, m_config.base.dataDir), lo);
    m_ds = &m_ownedDs;
    runtime::LoadOptions mo;
    mo.device = m_config.base.device;
    mo.dtype = runtime::resolveDType(m_config.base.dtype, runtime::resolveDevice(m_config.base.device));
    m_loaded = runtime::loadDecoder(m_config.base.decoder, mo);
    m_decoder = m_loaded.model;
    m_ownedTokenizer = tokenizers::loadTokenizer(m_config.base.decoder);
    runtime::requireTokenizerFits(*m_ownedTokenizer, m_loaded.config.vocabSize, m_config.base.decoder);
    m_tokenizer = m_ownedTokenizer.get();
    prepare();
}

MilpSearch::MilpSearch(MilpRunConfig config, const data::Dataset& ds, nn::LlamaDecoder decoder,
                       const tokenizers::Tokenizer& tokenizer)
    : m_config(std::move(config)), m_ds(&ds), m_decoder(std::move(decoder)), m_tokenizer(&tokenizer)
{
    m_config.validate();
    prepare();
}

MilpSearch::~MilpSearch() = default;

void MilpSearch::prepare()
{
    const auto& dc = m_decoder->config();
    m_space = std::make_unique<search::MilpSpace>(m_config.spaceOptions(static_cast<int>(dc.layers)));
    const auto& s = m_config.search;
    const std::int64_t width = std::min(dc.hidden, dc.intermediate);
    for (int r : s.searchRank ? s.ranks : std::vector<int>{s.fixedRank})
        if (r > width)
            throw ConfigError(std::string("milp config: '") + (s.searchRank ? "search.ranks" : "search.fixed.rank") +
                              "' holds rank " + std::to_string(r) + ", wider than the decoder's feed-forward width " +
                              std::to_string(width));
    m_split = data::splitUsers(*m_ds, m_config.base.split);
    for (auto& p : m_decoder->parameters())
        p.set_requires_grad(false);
    std::vector<std::size_t> trainUsers = m_split.part(data::Split::Train);
    if (m_config.base.maxTrainUsers > 0 && trainUsers.size() > m_config.base.maxTrainUsers)
        trainUsers.resize(m_config.base.maxTrainUsers);
    if (trainUsers.empty())
        throw ConfigError("milp: the split has no training user");
    if (s.stage1Steps > 0 || s.finalStage1Steps > 0)
        m_stage1 = memoryExamples(trainUsers);
    if (s.stage2Steps > 0 || s.finalStage2Steps > 0)
        m_stage2 = taskExamples(data::Split::Train, m_config.base.maxTrainUsers);
    m_val = taskExamples(data::Split::Validation, m_config.base.maxValUsers);
    if (m_val.empty())
        throw ConfigError("milp: the split has no validation user to score trials on");
}

std::vector<methods::Example> MilpSearch::memoryExamples(const std::vector<std::size_t>& users)
{
    methods::ExampleOptions o = m_config.base.exampleOptions();
    o.holdout = m_config.base.holdout;
    return methods::buildNextItemTrainingExamples(*m_ds, users, o, m_config.search.windowsPerUser,
                                                  methods::InputKind::Text, m_tokenizer, nullptr);
}

std::vector<methods::Example> MilpSearch::taskExamples(data::Split split, std::size_t maxUsers)
{
    methods::ExampleOptions o = m_config.base.exampleOptions();
    o.task = m_config.search.task;
    o.holdout = m_config.base.holdout;
    std::vector<std::size_t> users;
    for (std::size_t u : m_split.part(split)) {
        if (o.task == methods::TaskKind::NextItem && m_ds->users[u].history.size() < 2)
            continue; // no item before the held-out one
        users.push_back(u);
        if (maxUsers > 0 && users.size() >= maxUsers)
            break;
    }
    if (users.empty())
        return {};
    return methods::buildExamples(*m_ds, users, o, methods::InputKind::Text, m_tokenizer, nullptr);
}

std::unique_ptr<methods::MilpMethod> MilpSearch::trainModules(const search::MilpConfig& config, int stage1Steps,
                                                              int stage2Steps, CancelToken* cancel,
                                                              MilpTrialResult* record, const ProgressCallback& progress)
{
    torch::manual_seed(m_config.search.seed);
    auto m = std::make_unique<methods::MilpMethod>(m_decoder, *m_tokenizer, config, m_config.search.loraScale);
    if (stage1Steps > 0) {
        m->setStage(methods::MilpStage::MemoryInjection);
        TrainResult r = trainMethod(*m, m_stage1, {}, *m_ds, m_config.stageOptions(stage1Steps), progress, cancel);
        if (record) {
            record->stage1 = std::move(r);
            record->stage1Examples = static_cast<int>(m_stage1.size());
        }
    }
    if (stage2Steps > 0) {
        m->setStage(methods::MilpStage::InstructionTuning);
        TrainResult r = trainMethod(*m, m_stage2, {}, *m_ds, m_config.stageOptions(stage2Steps), progress, cancel);
        if (record) {
            record->stage2 = std::move(r);
            record->stage2Examples = static_cast<int>(m_stage2.size());
        }
    }
    return m;
}

MilpScore MilpSearch::score(methods::Method& method, data::Split split, CancelToken* cancel)
{
    const std::vector<methods::Example> owned =
        split == data::Split::Validation ? std::vector<methods::Example>{} : taskExamples(split, m_config.base.maxTestUsers);
    const auto& ex = split == data::Split::Validation ? m_val : owned;
    MilpScore s;
    s.users = static_cast<int>(ex.size());
    if (ex.empty())
        return s;
    EvalOptions eo;
    eo.generation = generationFor(*m_tokenizer, m_config.search.maxNewTokens);
    eo.lossBatchSize = m_config.search.batchSize;
    eo.swappedHistoryLoss = split != data::Split::Validation; // a trial's objectives read neither
    const EvalResult r = evaluateMethod(method, ex, *m_ds, eo, cancel);
    s.loss = r.loss;
    s.metric = mainMetric(r); // F1 (genres) or ROUGE-L (next item)
    s.rouge1 = r.rouge1;
    s.summary = evalSummaryJson(r);
    return s;
}

MilpTrialResult MilpSearch::runTrial(const search::MilpConfig& config, CancelToken* cancel)
{
    const auto start = std::chrono::steady_clock::now();
    MilpTrialResult r;
    auto m = trainModules(config, m_config.search.stage1Steps, m_config.search.stage2Steps, cancel, &r);
    r.trainSeconds = seconds(start);
    const auto validationStart = std::chrono::steady_clock::now();
    const MilpScore s = score(*m, data::Split::Validation, cancel);
    r.validationSeconds = seconds(validationStart);
    m.reset(); // removes the modules: the next trial starts from the bare decoder
    r.valLoss = s.loss;
    r.valMetric = s.metric;
    r.seconds = seconds(start);
    return r;
}

nlohmann::json milpMemoryPass(const std::string& runDir, const std::string& userKey, const MemoryPassOptions& options,
                              CancelToken* cancel)
{
    if (options.steps < 1 || options.steps > 100000)
        throw ConfigError("milp memory pass: steps = " + std::to_string(options.steps) + " is outside [1, 100000]");
    auto run = Run::open(runDir);
    auto* m = dynamic_cast<methods::MilpMethod*>(&run->method());
    if (!m)
        throw ConfigError(runDir + ": the per-user memory pass needs a MiLP run, this one is " + run->method().name());
    const data::Dataset& ds = run->dataset();
    const auto user = ds.findUser(userKey);
    if (!user)
        throw ConfigError("user '" + userKey + "' is not in " + ds.source);
    const tokenizers::Tokenizer& tok = *run->decoderTokenizer();
    const methods::Example task = run->example(userKey);
    methods::ExampleOptions mo = run->exampleOptions();
    mo.holdout = 0; // the user's whole history is the memory
    const auto memory = methods::buildNextItemTrainingExamples(ds, {*user}, mo, options.windowsPerUser,
                                                               methods::InputKind::Text, &tok, nullptr);
    EvalOptions eo;
    eo.generation = generationFor(tok, options.maxNewTokens);
    eo.lossBatchSize = options.batchSize;
    const auto side = [&](const EvalResult& r) {
        const UserPrediction& p = r.predictions.at(0);
        nlohmann::json j = {{"output", p.text}, {"taskLoss", r.loss}, {"memoryLoss", meanLoss(*m, memory, options.batchSize)},
                            {"inputTokens", p.inputTokens}, {"seconds", p.seconds}};
        if (task.task == methods::TaskKind::Genres)
            j["f1"] = p.f1;
        else
            j["rougeL"] = eval::rougeL(task.targetText, p.text).fmeasure;
        return j;
    };
    nlohmann::json out;
    out["run"] = runDir;
    out["user"] = userKey;
    out["steps"] = options.steps;
    out["memoryExamples"] = memory.size();
    out["target"] = task.targetText;
    nlohmann::json memTargets = nlohmann::json::array();
    for (const auto& e : memory)
        memTargets.push_back(e.targetText);
    out["memoryTargets"] = memTargets;
    out["before"] = side(evaluateMethod(*m, {task}, ds, eo, cancel));

    const methods::NamedTensors before = m->snapshot(); // the folder's weights, kept in memory only
    TrainOptions t;
    t.learningRate = options.learningRate;
    t.batchSize = options.batchSize;
    t.steps = options.steps;
    t.warmupSteps = 0;
    t.evalEvery = 0;
    t.patience = 0;
    t.seed = options.seed;
    m->setStage(methods::MilpStage::MemoryInjection);
    const TrainResult r = trainMethod(*m, memory, {}, ds, t, {}, cancel);
    out["losses"] = r.losses;
    out["after"] = side(evaluateMethod(*m, {task}, ds, eo, cancel));
    double change = 0.0;
    {
        torch::NoGradGuard noGrad;
        const methods::NamedTensors now = m->trainedState();
        for (std::size_t i = 0; i < now.size(); ++i)
            change += (now[i].second.detach().to(torch::kFloat64) - before[i].second.to(torch::kFloat64)).pow(2).sum().item<double>();
    }
    out["weightChange"] = std::sqrt(change);
    nlohmann::json modules = nlohmann::json::array();
    for (const auto& mod : m->modules())
        modules.push_back({{"name", mod.name}, {"layer", mod.layer}, {"projection", mod.projection}});
    out["modules"] = modules;
    out["config"] = methods::milpConfigToJson(m->config());
    return out;
}

} // namespace persona::train
