#include "core/train/attribution.h"

#include "core/common/error.h"
#include "core/methods/examples.h"
#include "core/methods/method_spec.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/train/run.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace persona::train {
namespace {

// Rows scored together: about this many decoder positions per forward pass, so a long text prompt
// (history 50 is some 1,500 tokens) keeps its attention matrices small.
constexpr std::int64_t kScoredPositionsPerPass = 8192;

// Each set's log-probabilities of every input, the inputs run once per chunk of rows for all sets.
std::vector<std::vector<double>> logProbs(methods::Method& method, const std::vector<const methods::Example*>& inputs,
                                          const std::vector<std::vector<std::vector<std::int64_t>>>& sets, int batchSize)
{
    std::vector<std::vector<double>> out(sets.size());
    std::size_t i = 0;
    while (i < inputs.size()) {
        std::size_t rows = static_cast<std::size_t>(batchSize);
        if (batchSize <= 0) {
            std::size_t longestTarget = 0;
            for (const auto& set : sets)
                longestTarget = std::max(longestTarget, set[i].size());
            const std::int64_t length = method.inputTokens(*inputs[i]) + static_cast<std::int64_t>(longestTarget);
            rows = static_cast<std::size_t>(std::max<std::int64_t>(1, kScoredPositionsPerPass / std::max<std::int64_t>(1, length)));
        }
        const std::size_t end = std::min(inputs.size(), i + rows);
        const std::vector<const methods::Example*> chunk(inputs.begin() + static_cast<std::ptrdiff_t>(i),
                                                         inputs.begin() + static_cast<std::ptrdiff_t>(end));
        std::vector<std::vector<std::vector<std::int64_t>>> chunkSets;
        for (const auto& set : sets)
            chunkSets.emplace_back(set.begin() + static_cast<std::ptrdiff_t>(i), set.begin() + static_cast<std::ptrdiff_t>(end));
        const std::vector<torch::Tensor> lp = method.targetLogProbsSets(chunk, chunkSets);
        for (std::size_t k = 0; k < sets.size(); ++k) {
            const torch::Tensor t = lp.at(k).to(torch::kCPU, torch::kFloat64).contiguous();
            out[k].insert(out[k].end(), t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
        }
        i = end;
    }
    return out;
}

// The generated answer as target ids: its tokens, then the end-of-turn token when generation
// stopped on one (the example's targetIds end with it).
std::vector<std::int64_t> answerIds(const methods::Prediction& p, const methods::Example& e)
{
    std::vector<std::int64_t> ids = p.ids;
    if ((p.generatedTokens > static_cast<int>(p.ids.size()) || ids.empty()) && !e.targetIds.empty())
        ids.push_back(e.targetIds.back());
    return ids;
}

// PERSOMA: d log p(answer) / d x_i · x_i for each item vector x_i (summed over its dimensions).
std::vector<double> salience(methods::Method& method, const methods::Example& answerExample)
{
    methods::Example e = answerExample;
    e.items = answerExample.items.detach().clone().requires_grad_(true);
    torch::AutoGradMode enable(true);
    const torch::Tensor logp = -method.loss({&e}) * static_cast<double>(e.targetIds.size());
    const torch::Tensor grad = torch::autograd::grad({logp}, {e.items})[0];
    const torch::Tensor s = (grad * e.items.detach()).sum(1).to(torch::kCPU, torch::kFloat64).contiguous();
    return {s.data_ptr<double>(), s.data_ptr<double>() + s.numel()};
}

} // namespace

Attribution attributeItems(Run& run, const methods::Example& example, int batchSize, bool meanVector)
{
    const auto start = std::chrono::steady_clock::now();
    if (batchSize < 0)
        throw ConfigError("attribution: the batch size must be 0 (automatic) or more, got " + std::to_string(batchSize));
    const std::string& userKey = run.dataset().users.at(example.user).key;
    const std::size_t n = example.positions.size();
    if (n < 2)
        throw ConfigError("attribution: user " + userKey + " is shown " + std::to_string(n) +
                          " history item; leaving it out would leave no input (a history size of 2 or more is needed)");
    methods::Method& method = run.method();
    method.setTraining(false);
    const bool withMeanVectors = run.config().method->input == methods::InputKind::SoftPrompt && meanVector;
    const bool scored = run.config().method->input != methods::InputKind::CountsOnly;

    Attribution a;
    a.scored = scored;
    std::vector<methods::Example> inputs; // [full, left out 0..n-1, mean vector 0..n-1]
    inputs.reserve(1 + 2 * n);
    inputs.push_back(example);
    for (std::size_t j = 0; j < n; ++j) {
        std::vector<std::size_t> kept = example.positions;
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(j));
        inputs.push_back(run.exampleWithPositions(example, kept));
    }
    if (withMeanVectors) {
        torch::NoGradGuard noGrad;
        const torch::Tensor mean = example.items.mean(0);
        for (std::size_t j = 0; j < n; ++j) {
            methods::Example e = example;
            e.items = example.items.clone();
            e.items[static_cast<std::int64_t>(j)].copy_(mean);
            inputs.push_back(std::move(e));
        }
    }
    std::vector<const methods::Example*> pointers;
    for (const auto& e : inputs)
        pointers.push_back(&e);
    auto since = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    };
    auto phase = std::chrono::steady_clock::now();
    const std::vector<methods::Prediction> predictions =
        method.predictBatch(pointers, run.config().train.eval.generation, batchSize);
    a.generateSeconds = since(phase);

    std::vector<double> answerLp(inputs.size(), kNoScore), truthLp(inputs.size(), kNoScore);
    std::vector<double> sal;
    if (scored) {
        const std::vector<std::int64_t> answer = answerIds(predictions.front(), example);
        a.answerTokens = static_cast<int>(answer.size());
        std::vector<std::vector<std::vector<std::int64_t>>> sets{std::vector<std::vector<std::int64_t>>(inputs.size(), answer)};
        if (!example.targetIds.empty()) {
            sets.emplace_back();
            for (const auto& e : inputs)
                sets.back().push_back(e.targetIds);
        }
        phase = std::chrono::steady_clock::now();
        const auto scores = logProbs(method, pointers, sets, batchSize);
        answerLp = scores.at(0);
        if (scores.size() > 1)
            truthLp = scores.at(1);
        a.scoreSeconds = since(phase);
        phase = std::chrono::steady_clock::now();
        if (run.persoma()) {
            methods::Example answerExample = example;
            answerExample.targetIds = answer;
            sal = salience(method, answerExample);
        }
        a.salienceSeconds = since(phase);
    }
    auto variant = [&](std::size_t i) {
        return AttributionVariant{std::move(inputs.at(i)), predictions.at(i), answerLp.at(i), truthLp.at(i)};
    };
    a.full = variant(0);
    for (std::size_t j = 0; j < n; ++j) {
        ItemAttribution item;
        item.position = example.positions[j];
        item.leftOut = variant(1 + j);
        if (withMeanVectors) {
            item.hasMeanVector = true;
            item.meanVector = variant(1 + n + j);
        }
        if (!sal.empty())
            item.salience = sal.at(j);
        a.items.push_back(std::move(item));
    }
    a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return a;
}

} // namespace persona::train
