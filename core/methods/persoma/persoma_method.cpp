#include "core/methods/persoma/persoma_method.h"

#include "core/common/error.h"
#include "core/methods/text_prompt_common.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace persona::methods {
namespace {

void checkItemWidth(const torch::Tensor& items, std::int64_t inputDim)
{
    if (items.size(1) != inputDim)
        throw ShapeError("PersomaMethod: item vectors of " + std::to_string(items.size(1)) + " values, the adapter expects " +
                         std::to_string(inputDim));
}

} // namespace

PersomaConfig persomaConfig(const PersomaSection& section, const DecoderSection& decoder, std::int64_t itemDim,
                            std::size_t historySize, std::size_t genres)
{
    PersomaConfig pc;
    pc.adapter.kind = section.adapter;
    pc.adapter.inputDim = itemDim;
    pc.adapter.hidden = section.hidden;
    pc.adapter.mlpLayers = section.mlpLayers;
    pc.adapter.transformerLayers = section.transformerLayers;
    pc.adapter.perceiverLayers = section.perceiverLayers;
    pc.adapter.latents = section.latents;
    pc.adapter.heads = section.heads;
    pc.adapter.maxItems = std::max<std::int64_t>(512, static_cast<std::int64_t>(historySize));
    pc.taskTokens = section.taskTokens;
    pc.decoderMode = decoder.mode;
    pc.lora = decoder.lora;
    pc.standardizeItems = section.standardizeItems;
    pc.matchVocabNorm = section.matchVocabNorm;
    pc.userTokensInTurn = section.userTokensInTurn;
    pc.summaryTokens = section.summaryTokens;
    pc.vocabMixture = section.vocabMixture;
    pc.sketchWeight = section.sketchWeight;
    if (section.summaryTokens > 0) {
        pc.summaryInput = section.summaryInput;
        pc.profileGenres = static_cast<std::int64_t>(genres);
        if (pc.summaryInput != SummaryInput::Items && pc.profileGenres == 0)
            throw ConfigError(std::string("run config: 'persoma.summaryInput' ") + summaryInputName(pc.summaryInput) +
                              " reads the genres of the history's items, and this dataset has none: use 'items'");
    }
    return pc;
}

PersomaMethod::PersomaMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, PersomaConfig config)
    : m_decoder(std::move(decoder)), m_tokenizer(tokenizer), m_config(std::move(config))
{
    if (m_config.taskTokens < 0 || m_config.taskTokens > 1024)
        throw ConfigError("taskTokens must be in [0, 1024], got " + std::to_string(m_config.taskTokens));
    m_config.adapter.outputDim = m_decoder->config().hidden;
    m_config.adapter.validate();
    m_adapter = makeAdapter(m_config.adapter);
    m_adapter->to(m_decoder->device());
    {
        torch::NoGradGuard noGrad;
        const auto vocab = m_decoder->config().vocabSize;
        const torch::Tensor ids = torch::randint(vocab, {m_config.taskTokens}, torch::kInt64).to(m_decoder->device());
        const torch::Tensor table = m_decoder->inputEmbeddingMatrix();
        m_taskPrompt = table.index_select(0, ids).to(torch::kFloat32).clone();
        m_vocabNorm = table.to(torch::kFloat32).norm(2, 1).mean().item<double>();
        if (m_config.vocabMixture)
            m_vocab = table.to(torch::kFloat32).detach().clone();
    }
    if (m_config.summaryTokens < 0 || m_config.summaryTokens > 64)
        throw ConfigError("summaryTokens must be in [0, 64], got " + std::to_string(m_config.summaryTokens));
    if (m_config.summaryInput != SummaryInput::Items) {
        if (m_config.profileGenres <= 0 || 2 * m_config.profileGenres + 1 > m_config.adapter.inputDim)
            throw ConfigError(std::string("PersomaMethod: summaryInput '") + summaryInputName(m_config.summaryInput) +
                              "' reads a genre profile of profileGenres " + std::to_string(m_config.profileGenres) +
                              " genres from a signals block of 2 x genres + 1 numbers closing each item vector (item width " +
                              std::to_string(m_config.adapter.inputDim) + ")");
        if (m_config.summaryTokens == 0)
            throw ConfigError("PersomaMethod: the genre profile is read by the summary MLP: it needs summaryTokens > 0");
    }
    if (m_config.summaryTokens > 0) {
        const auto in = summaryInputDim(), h = m_config.adapter.hidden, out = m_config.adapter.outputDim;
        m_summary = torch::nn::Sequential(torch::nn::Linear(in, h), torch::nn::GELU(), torch::nn::Linear(h, h),
                                          torch::nn::GELU(), torch::nn::Linear(h, m_config.summaryTokens * out));
        m_summary->to(m_decoder->device());
    }
    if (m_config.userTokensInTurn) {
        const auto ids = m_tokenizer.encode("<|im_start|>user\n", false);
        m_turnMarker.assign(ids.begin(), ids.end());
    }
    m_taskPrompt.set_requires_grad(true);
    if (m_config.standardizeItems) {
        const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(m_decoder->device());
        m_itemMean = torch::zeros({m_config.adapter.inputDim}, opts);
        m_itemScale = torch::ones({m_config.adapter.inputDim}, opts);
    }
    applyDecoderMode(*m_decoder, m_config.decoderMode, m_config.lora);
}

std::string PersomaMethod::name() const
{
    return std::string("persoma-") + adapterName(m_config.adapter.kind) + "-" + decoderModeName(m_config.decoderMode);
}

void PersomaMethod::fitItemStandardization(const std::vector<Example>& examples)
{
    if (!m_config.standardizeItems)
        throw ConfigError("PersomaMethod: item standardization is off (standardizeItems)");
    std::vector<torch::Tensor> rows;
    for (const Example& e : examples)
        if (e.items.defined() && e.items.dim() == 2 && e.items.size(0) > 0) {
            checkItemWidth(e.items, m_config.adapter.inputDim);
            rows.push_back(e.items.to(torch::kCPU, torch::kFloat64));
        }
    if (rows.empty())
        throw ConfigError("PersomaMethod: no history items to fit the item standardization on");
    torch::NoGradGuard noGrad;
    const torch::Tensor all = torch::cat(rows, 0);
    const torch::Tensor mean = all.mean(0);
    const torch::Tensor sd = (all - mean).pow(2).mean(0).sqrt();
    const torch::Tensor scale = torch::where(sd > 1e-6, sd, torch::ones_like(sd));
    m_itemMean.copy_(mean.to(m_itemMean.device(), torch::kFloat32));
    m_itemScale.copy_(scale.to(m_itemScale.device(), torch::kFloat32));
}

torch::Tensor PersomaMethod::adapterInput(const Example& example)
{
    if (!example.items.defined() || example.items.dim() != 2 || example.items.size(0) == 0)
        throw ShapeError("PersomaMethod: user " + std::to_string(example.user) + " has no history items");
    checkItemWidth(example.items, m_config.adapter.inputDim);
    const torch::Tensor items = example.items.to(m_decoder->device(), torch::kFloat32);
    if (!m_config.standardizeItems)
        return items;
    return (items - m_itemMean) / m_itemScale;
}

std::vector<torch::Tensor> PersomaMethod::userSoftTokens(const std::vector<const Example*>& batch)
{
    return userTokensAndSummary(batch).first;
}

std::pair<std::vector<torch::Tensor>, torch::Tensor> PersomaMethod::userTokensAndSummary(const std::vector<const Example*>& batch)
{
    if (batch.empty())
        throw ShapeError("PersomaMethod: empty batch");
    std::vector<torch::Tensor> inputs;
    for (const Example* e : batch)
        inputs.push_back(adapterInput(*e));
    const auto b = static_cast<std::int64_t>(batch.size());
    const auto [items, mask] = padItemBatch(inputs, m_config.adapter.inputDim, m_decoder->device());
    AdapterOutput out = m_adapter->forward(items, mask);
    out.tokens = shapeTokens(out.tokens);
    torch::Tensor summary;
    if (m_config.summaryTokens > 0) {
        summary = summaryFromPooled(summaryInputOf(batch, inputs)); // the item vectors standardized above
    }
    std::vector<torch::Tensor> tokens;
    for (std::int64_t i = 0; i < b; ++i) {
        torch::Tensor t = out.tokens[i].index({out.mask[i]});
        tokens.push_back(summary.defined() ? torch::cat({t, summary[i]}, 0) : t);
    }
    return {std::move(tokens), summary};
}

torch::Tensor PersomaMethod::summaryFromPooled(const torch::Tensor& pooled)
{
    return shapeTokens(m_summary->forward(pooled).view({pooled.size(0), m_config.summaryTokens, m_config.adapter.outputDim}));
}

torch::Tensor PersomaMethod::summaryInput(const std::vector<const Example*>& batch)
{
    std::vector<torch::Tensor> inputs;
    if (m_config.summaryInput != SummaryInput::Profile)
        for (const Example* e : batch)
            inputs.push_back(adapterInput(*e));
    return summaryInputOf(batch, inputs);
}

torch::Tensor PersomaMethod::summaryInputOf(const std::vector<const Example*>& batch, const std::vector<torch::Tensor>& inputs)
{
    if (batch.empty())
        throw ShapeError("PersomaMethod: empty batch");
    std::vector<torch::Tensor> pooled;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (m_config.summaryInput == SummaryInput::Profile) {
            pooled.push_back(genreProfile(*batch[i]).to(m_decoder->device()));
            continue;
        }
        torch::Tensor mean = inputs[i].mean(0);
        if (m_config.summaryInput == SummaryInput::Both)
            mean = torch::cat({mean, genreProfile(*batch[i]).to(mean.device())});
        pooled.push_back(mean);
    }
    return torch::stack(pooled);
}

std::int64_t PersomaMethod::summaryInputDim() const
{
    switch (m_config.summaryInput) {
    case SummaryInput::Items: return m_config.adapter.inputDim;
    case SummaryInput::Profile: return 3 * m_config.profileGenres;
    case SummaryInput::Both: return m_config.adapter.inputDim + 3 * m_config.profileGenres;
    }
    return m_config.adapter.inputDim;
}

torch::Tensor PersomaMethod::genreProfile(const Example& example) const
{
    const std::int64_t g = m_config.profileGenres;
    if (!example.items.defined() || example.items.dim() != 2 || example.items.size(0) == 0)
        throw ShapeError("PersomaMethod: user " + std::to_string(example.user) + " has no history items");
    checkItemWidth(example.items, m_config.adapter.inputDim);
    // The signals block closes every item vector: [genre indicators (g), indicators x centred rating (g), rating].
    const torch::Tensor items = example.items.to(torch::kCPU, torch::kFloat32);
    const std::int64_t start = items.size(1) - (2 * g + 1);
    const torch::Tensor count = items.slice(1, start, start + g).sum(0);
    const torch::Tensor ratingSum = items.slice(1, start + g, start + 2 * g).sum(0);
    const torch::Tensor share = count / static_cast<double>(items.size(0));
    const torch::Tensor meanRating = torch::where(count > 0, ratingSum / count.clamp_min(1.0), torch::zeros_like(count));
    const torch::Tensor enough = (count / 3.0).clamp_max(1.0);
    return torch::cat({share, meanRating, enough});
}

torch::Tensor PersomaMethod::summaryOf(const std::vector<const Example*>& batch)
{
    if (m_config.summaryTokens == 0)
        throw ConfigError("PersomaMethod: no summary tokens (persoma.summaryTokens is 0)");
    return summaryFromPooled(summaryInput(batch));
}

torch::Tensor PersomaMethod::shapeTokens(const torch::Tensor& tokens)
{
    torch::Tensor t = tokens;
    if (m_config.vocabMixture)
        t = torch::matmul(torch::softmax(torch::matmul(t, m_vocab.t()), -1), m_vocab);
    else if (m_config.matchVocabNorm)
        t = t * (m_vocabNorm / t.norm(2, -1, true).clamp_min(1e-6));
    return t;
}

std::size_t PersomaMethod::turnStart(const std::vector<std::int64_t>& ids) const
{
    if (m_turnMarker.empty() || ids.size() < m_turnMarker.size())
        return 0;
    // The last user turn: the instruction follows it.
    for (std::size_t i = ids.size() - m_turnMarker.size() + 1; i-- > 0;)
        if (std::equal(m_turnMarker.begin(), m_turnMarker.end(), ids.begin() + static_cast<std::ptrdiff_t>(i)))
            return i + m_turnMarker.size();
    return 0;
}

DecoderSequence PersomaMethod::sequence(const Example& example, const torch::Tensor& user)
{
    const torch::Tensor soft = torch::cat({user, m_taskPrompt}, 0);
    const std::size_t k = turnStart(example.promptIds);
    if (k == 0)
        return {soft, example.promptIds, example.targetIds};
    const std::vector<std::int64_t> head(example.promptIds.begin(), example.promptIds.begin() + static_cast<std::ptrdiff_t>(k));
    const std::vector<std::int64_t> tail(example.promptIds.begin() + static_cast<std::ptrdiff_t>(k), example.promptIds.end());
    const torch::Tensor headEmbeds =
        m_decoder->embed(torch::tensor(head, torch::kInt64).view({1, -1}).to(m_decoder->device()))[0].to(soft.scalar_type());
    return {torch::cat({headEmbeds, soft}, 0), tail, example.targetIds};
}

DecoderBatch PersomaMethod::promptOnly(const Example& example)
{
    DecoderSequence s = sequence(example, userTokens(example));
    s.targetIds.clear(); // generation starts where the answer would
    return buildDecoderBatch(*m_decoder, {s});
}

torch::Tensor PersomaMethod::loss(const std::vector<const Example*>& batch)
{
    const auto [user, summary] = userTokensAndSummary(batch);
    std::vector<DecoderSequence> seqs;
    for (std::size_t i = 0; i < batch.size(); ++i)
        seqs.push_back(sequence(*batch[i], user[i]));
    torch::Tensor loss = targetLoss(*m_decoder, buildDecoderBatch(*m_decoder, seqs));
    if (m_training && m_config.sketchWeight > 0.0)
        loss = loss + m_config.sketchWeight * sketchOf(batch, summary);
    return loss;
}

DecoderBatch PersomaMethod::scoringBatch(const std::vector<const Example*>& batch, bool withTargets)
{
    if (batch.empty())
        throw ShapeError("PersomaMethod: empty batch");
    const std::vector<torch::Tensor> user = userTokensAndSummary(batch).first;
    std::vector<DecoderSequence> seqs;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        seqs.push_back(sequence(*batch[i], user[i]));
        if (!withTargets)
            seqs.back().targetIds.clear();
    }
    return buildDecoderBatch(*m_decoder, seqs);
}

torch::Tensor PersomaMethod::targetLogProbs(const std::vector<const Example*>& batch)
{
    torch::NoGradGuard noGrad;
    return methods::targetLogProbs(*m_decoder, scoringBatch(batch, true));
}

std::vector<torch::Tensor> PersomaMethod::targetLogProbsSets(
    const std::vector<const Example*>& inputs, const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets)
{
    torch::NoGradGuard noGrad;
    return targetLogProbsAfter(*m_decoder, scoringBatch(inputs, false), targetSets);
}

void PersomaMethod::fitAnswerVocabulary(const std::vector<Example>& examples)
{
    std::set<std::int64_t> ids;
    for (const Example& e : examples)
        ids.insert(e.targetIds.begin(), e.targetIds.end());
    if (ids.empty())
        throw ConfigError("PersomaMethod: no answer tokens to fit the answer sketch on");
    torch::NoGradGuard noGrad;
    const std::vector<std::int64_t> list(ids.begin(), ids.end());
    m_answerIndex.clear();
    for (std::size_t i = 0; i < list.size(); ++i)
        m_answerIndex[list[i]] = static_cast<std::int64_t>(i);
    const torch::Tensor rows = m_decoder->inputEmbeddingMatrix()
                                   .index_select(0, torch::tensor(list, torch::kInt64).to(m_decoder->device()))
                                   .to(torch::kFloat32);
    m_answerWords = (rows / rows.norm(2, 1, true).clamp_min(1e-6)).detach();
}

torch::Tensor PersomaMethod::sketchOf(const std::vector<const Example*>& batch, const torch::Tensor& summary)
{
    if (m_config.sketchWeight <= 0.0 || m_config.summaryTokens == 0)
        throw ConfigError("PersomaMethod: the answer sketch needs sketchWeight > 0 and summaryTokens > 0");
    if (!m_answerWords.defined())
        throw ConfigError("PersomaMethod: fit the answer vocabulary before training with an answer sketch");
    std::vector<std::int64_t> rows, positions, targets;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& t = batch[i]->targetIds;
        for (std::size_t k = 0; k < t.size() && k < static_cast<std::size_t>(m_config.summaryTokens); ++k) {
            const auto it = m_answerIndex.find(t[k]);
            if (it == m_answerIndex.end())
                continue; // a word no training answer has (validation users)
            rows.push_back(static_cast<std::int64_t>(i));
            positions.push_back(static_cast<std::int64_t>(k));
            targets.push_back(it->second);
        }
    }
    if (targets.empty())
        return torch::zeros({}, summary.options());
    const auto dev = summary.device();
    const torch::Tensor picked = summary.index({torch::tensor(rows).to(dev), torch::tensor(positions).to(dev)}); // [n, hidden]
    const torch::Tensor cosine = torch::matmul(picked / picked.norm(2, 1, true).clamp_min(1e-6), m_answerWords.t());
    return torch::nn::functional::cross_entropy(cosine / 0.1, torch::tensor(targets).to(dev));
}

torch::Tensor PersomaMethod::sketchLoss(const std::vector<const Example*>& batch)
{
    return sketchOf(batch, userTokensAndSummary(batch).second);
}

double PersomaMethod::warmUpSketch(const std::vector<Example>& examples, const SketchWarmup& warmup)
{
    if (warmup.steps <= 0)
        return 0.0;
    if (warmup.batchSize <= 0)
        throw ConfigError("PersomaMethod: the sketch warm-up's batch size must be positive, got " +
                          std::to_string(warmup.batchSize));
    if (examples.empty())
        throw ConfigError("PersomaMethod: no examples to warm the answer sketch up on");
    if (!m_summary || !m_answerWords.defined())
        throw ConfigError("PersomaMethod: the sketch warm-up needs summary tokens and a fitted answer vocabulary");
    // Pool every example once: the warm-up only ever reads the mean item vector.
    torch::Tensor pooled;
    {
        torch::NoGradGuard noGrad;
        std::vector<const Example*> all;
        for (const Example& e : examples)
            all.push_back(&e);
        pooled = summaryInput(all);
    }
    torch::optim::Adam adam(m_summary->parameters(), torch::optim::AdamOptions(warmup.learningRate));
    const bool was = m_summary->is_training();
    m_summary->train(true);
    const auto n = static_cast<std::int64_t>(examples.size());
    const std::int64_t b = std::min(warmup.batchSize, n);
    const std::int64_t tail = std::max<std::int64_t>(1, warmup.steps / 10);
    double tailSum = 0.0;
    torch::Tensor order = torch::randperm(n, torch::kInt64);
    std::int64_t next = 0;
    for (std::int64_t step = 0; step < warmup.steps; ++step) {
        if (next + b > n) {
            order = torch::randperm(n, torch::kInt64);
            next = 0;
        }
        const torch::Tensor pick = order.slice(0, next, next + b);
        next += b;
        std::vector<const Example*> batch;
        const auto* idx = pick.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < b; ++i)
            batch.push_back(&examples[static_cast<std::size_t>(idx[i])]);
        const torch::Tensor summary = summaryFromPooled(pooled.index_select(0, pick.to(pooled.device())));
        torch::Tensor loss = sketchOf(batch, summary);
        adam.zero_grad();
        loss.backward();
        adam.step();
        if (step >= warmup.steps - tail)
            tailSum += loss.item<double>();
    }
    m_summary->train(was);
    return tailSum / static_cast<double>(tail);
}

std::string PersomaMethod::summaryReadout(const Example& example)
{
    if (m_config.summaryTokens == 0)
        return {};
    torch::NoGradGuard noGrad;
    const torch::Tensor summary = summaryOf({&example})[0];
    const torch::Tensor table = m_decoder->inputEmbeddingMatrix();
    if (!m_vocabRowNorms.defined())
        m_vocabRowNorms = table.to(torch::kFloat32).norm(2, 1).clamp_min(1e-6);
    // The summary's own norm does not change which row is nearest by cosine.
    const torch::Tensor dots = torch::matmul(summary.to(table.scalar_type()), table.t()).to(torch::kFloat32);
    const torch::Tensor best = (dots / m_vocabRowNorms).argmax(1).to(torch::kCPU);
    // The sketch ends where the answer does (its end-of-turn token); the tokens after it were
    // never trained and spell nothing.
    const std::vector<std::int64_t> stops = stopTokenIds(m_tokenizer);
    std::vector<std::int32_t> ids;
    for (std::int64_t i = 0; i < best.size(0); ++i) {
        const std::int64_t id = best[i].item<std::int64_t>();
        if (std::find(stops.begin(), stops.end(), id) != stops.end())
            break;
        ids.push_back(static_cast<std::int32_t>(id));
    }
    return m_tokenizer.decode(ids, true);
}

torch::Tensor PersomaMethod::userTokens(const Example& example)
{
    torch::NoGradGuard noGrad;
    return userSoftTokens({&example})[0].detach();
}

torch::Tensor PersomaMethod::softPrompt(const Example& example)
{
    torch::NoGradGuard noGrad;
    const auto user = userSoftTokens({&example});
    return torch::cat({user[0], m_taskPrompt}, 0).detach();
}

Prediction PersomaMethod::predict(const Example& example, const runtime::GenerationOptions& options)
{
    torch::NoGradGuard noGrad;
    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor embeds = promptOnly(example).inputsEmbeds;
    const auto r = runtime::generateFromEmbeddings(*m_decoder, embeds, options);
    Prediction p;
    p.ids = r.ids;
    p.text = m_tokenizer.decode(std::vector<std::int32_t>(r.ids.begin(), r.ids.end()), true);
    p.inputTokens = static_cast<int>(embeds.size(1));
    p.generatedTokens = r.generatedTokens;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

std::vector<Prediction> PersomaMethod::predictBatch(const std::vector<const Example*>& examples,
                                                   const runtime::GenerationOptions& options, int batchSize)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> embeds;
    std::vector<int> tokens;
    for (const Example* e : examples) {
        embeds.push_back(promptOnly(*e).inputsEmbeds[0]);
        tokens.push_back(static_cast<int>(embeds.back().size(0)));
    }
    std::vector<runtime::BatchPrompt> prompts;
    for (const torch::Tensor& t : embeds)
        prompts.push_back({{}, &t});
    return batchPredict(*m_decoder, m_tokenizer, prompts, tokens, options, batchSize);
}

std::vector<torch::Tensor> PersomaMethod::parameters()
{
    std::vector<torch::Tensor> out = m_adapter->parameters();
    if (m_summary)
        for (const auto& p : m_summary->parameters())
            out.push_back(p);
    out.push_back(m_taskPrompt);
    for (auto& [name, t] : decoderTrainedTensors(*m_decoder, m_config.decoderMode))
        out.push_back(t);
    return out;
}

NamedTensors PersomaMethod::trainedState()
{
    NamedTensors out;
    for (auto& p : m_adapter->named_parameters())
        out.emplace_back("adapter." + p.key(), p.value());
    if (m_summary)
        for (auto& p : m_summary->named_parameters())
            out.emplace_back("summary." + p.key(), p.value());
    out.emplace_back("task_prompt", m_taskPrompt);
    if (m_config.standardizeItems) {
        out.emplace_back("item_mean", m_itemMean);
        out.emplace_back("item_scale", m_itemScale);
    }
    for (auto& t : decoderTrainedTensors(*m_decoder, m_config.decoderMode))
        out.push_back(t);
    return out;
}

void PersomaMethod::setTraining(bool training)
{
    m_training = training;
    m_adapter->train(training);
    if (m_summary)
        m_summary->train(training);
    m_decoder->train(training);
}

int PersomaMethod::inputTokens(const Example& example)
{
    const std::int64_t user = (m_config.adapter.kind == AdapterKind::Perceiver ? m_config.adapter.latents
                                                                                 : static_cast<std::int64_t>(example.positions.size())) +
                              m_config.summaryTokens;
    return static_cast<int>(user + m_config.taskTokens + static_cast<std::int64_t>(example.promptIds.size()));
}

} // namespace persona::methods
