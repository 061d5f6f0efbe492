#include "core/runtime/generation.h"

#include "core/common/error.h"
#include "core/nn/llama_decoder.h"

#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace persona::runtime {

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

void checkOptions(const GenerationOptions& o)
{
    if (o.maxNewTokens < 0)
        throw ConfigError("generate: max new tokens must be >= 0, got " + std::to_string(o.maxNewTokens));
    if (!std::isfinite(o.temperature))
        throw ConfigError("generate: temperature must be finite");
    if (!(o.topP > 0.0 && o.topP <= 1.0))
        throw ConfigError("generate: top-p must be in (0, 1], got " + std::to_string(o.topP));
}

// Once per generation, after the prompt: a model with NaN or infinite weights (or soft prompts that
// hold them) gives logits argmax reads as token 0, and the answer would be "" with no error.
void checkFiniteLogits(const torch::Tensor& logits)
{
    if (!torch::isfinite(logits).all().item<bool>())
        throw FormatError("generate: the model's logits after the prompt are not finite (NaN or infinite): "
                          "its weights, or the soft prompt given to it, hold NaN or infinite values");
}

// Shared loop: `first` runs the prompt through the model (filling `cache`) and returns the last
// position's logits [vocab].
GenerationResult run(nn::LlamaDecoderImpl& model, int promptTokens, const std::function<torch::Tensor(nn::KvCache&)>& first,
                     const GenerationOptions& options, const TokenCallback& onToken)
{
    checkOptions(options);
    torch::NoGradGuard noGrad;
    GenerationResult result;
    result.promptTokens = promptTokens;
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    nn::KvCache cache = model.makeCache();

    const auto t0 = Clock::now();
    if (options.maxNewTokens == 0) {
        result.stopReason = "max_tokens";
        return result;
    }
    torch::Tensor logits = first(cache);
    checkFiniteLogits(logits);
    auto t1 = Clock::now();
    bool prefill = true;
    const auto ids = torch::TensorOptions().dtype(torch::kInt64).device(model.device());
    while (true) {
        const std::int64_t token = pickToken(logits, options.temperature, options.topP, uniform(rng));
        ++result.generatedTokens;
        if (prefill) {
            t1 = Clock::now();
            result.prefillSeconds = seconds(t0, t1);
            prefill = false;
        }
        if (std::find(options.stopTokenIds.begin(), options.stopTokenIds.end(), token) != options.stopTokenIds.end()) {
            result.stopReason = "stop_token";
            result.stopTokenId = token;
            break;
        }
        result.ids.push_back(token);
        if (onToken && !onToken(token)) {
            result.stopReason = "callback";
            break;
        }
        if (result.generatedTokens >= options.maxNewTokens) {
            result.stopReason = "max_tokens";
            break;
        }
        nn::DecoderInput step;
        step.inputIds = torch::full({1, 1}, token, ids);
        step.cache = &cache;
        step.lastOnly = true;
        step.afterLayer = options.afterLayer;
        logits = model.forward(step).view({-1});
        ++result.decodeSteps;
    }
    result.decodeSeconds = seconds(t1, Clock::now());
    return result;
}

} // namespace

std::int64_t pickToken(const torch::Tensor& logits, double temperature, double topP, double u)
{
    if (temperature <= 0.0)
        return logits.argmax().item<std::int64_t>();
    torch::Tensor cpu = logits.to(torch::kCPU, torch::kFloat32).contiguous();
    const float* data = cpu.data_ptr<float>();
    const auto n = static_cast<std::size_t>(cpu.numel());
    std::vector<double> probs(n);
    double maxLogit = -INFINITY;
    for (std::size_t i = 0; i < n; ++i)
        maxLogit = std::max(maxLogit, static_cast<double>(data[i]) / temperature);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        probs[i] = std::exp(static_cast<double>(data[i]) / temperature - maxLogit);
        sum += probs[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::size_t keep = n;
    if (topP < 1.0) {
        // Smallest set of most probable tokens whose mass reaches top-p (at least one token).
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return probs[a] > probs[b] || (probs[a] == probs[b] && a < b); });
        double mass = 0.0;
        keep = 0;
        while (keep < n) {
            mass += probs[order[keep]] / sum;
            ++keep;
            if (mass >= topP)
                break;
        }
    }
    double kept = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        kept += probs[order[i]];
    double target = u * kept;
    for (std::size_t i = 0; i < keep; ++i) {
        target -= probs[order[i]];
        if (target < 0.0)
            return static_cast<std::int64_t>(order[i]);
    }
    return static_cast<std::int64_t>(order[keep - 1]);
}

GenerationResult generate(nn::LlamaDecoderImpl& model, const std::vector<std::int64_t>& promptIds,
                          const GenerationOptions& options, const TokenCallback& onToken)
{
    if (promptIds.empty())
        throw ConfigError("generate: the prompt has no tokens");
    if (static_cast<std::int64_t>(promptIds.size()) > model.config().maxPositions)
        throw ConfigError("generate: the prompt's " + std::to_string(promptIds.size()) +
                          " tokens exceed the model's context of " + std::to_string(model.config().maxPositions));
    auto first = [&](nn::KvCache& cache) {
        nn::DecoderInput in;
        in.inputIds = torch::tensor(promptIds, torch::kInt64).view({1, -1}).to(model.device());
        in.cache = &cache;
        in.lastOnly = true;
        in.afterLayer = options.afterLayer;
        return model.forward(in).view({-1});
    };
    return run(model, static_cast<int>(promptIds.size()), first, options, onToken);
}

GenerationResult generateFromEmbeddings(nn::LlamaDecoderImpl& model, const torch::Tensor& promptEmbeds,
                                        const GenerationOptions& options, const TokenCallback& onToken)
{
    if (promptEmbeds.dim() != 3 || promptEmbeds.size(0) != 1 || promptEmbeds.size(1) == 0)
        throw ConfigError("generateFromEmbeddings: expected prompt embeddings [1, seq > 0, hidden]");
    if (promptEmbeds.size(1) > model.config().maxPositions)
        throw ConfigError("generate: the prompt's " + std::to_string(promptEmbeds.size(1)) +
                          " positions exceed the model's context of " + std::to_string(model.config().maxPositions));
    auto first = [&](nn::KvCache& cache) {
        nn::DecoderInput in;
        in.inputsEmbeds = promptEmbeds;
        in.cache = &cache;
        in.lastOnly = true;
        in.afterLayer = options.afterLayer;
        return model.forward(in).view({-1});
    };
    return run(model, static_cast<int>(promptEmbeds.size(1)), first, options, onToken);
}

int automaticBatchSize(const nn::LlamaDecoderImpl& model, std::int64_t longestPrompt, int maxNewTokens,
                       std::int64_t memoryBudgetBytes)
{
    const nn::LlamaConfig& c = model.config();
    const std::int64_t elem = torch::elementSize(model.dtype());
    const std::int64_t len = std::max<std::int64_t>(1, longestPrompt) + std::max(0, maxNewTokens);
    const std::int64_t p = std::max<std::int64_t>(1, longestPrompt);
    // Per row: the whole KV cache; the prefill's scores and probabilities of one layer (float32
    // at worst), its hidden states, feed-forward activations and mask; the last logits.
    const std::int64_t cache = 2 * c.layers * c.kvHeads * c.headDim * len * elem;
    const std::int64_t scores = 2 * c.heads * p * len * 4 + p * len * 4;
    const std::int64_t acts = p * (4 * c.hidden + 3 * c.intermediate) * 4;
    const std::int64_t perRow = cache + scores + acts + c.vocabSize * 4;
    const std::int64_t rows = memoryBudgetBytes / std::max<std::int64_t>(1, perRow);
    return static_cast<int>(std::clamp<std::int64_t>(rows, 1, 64));
}

std::vector<GenerationResult> generateBatch(nn::LlamaDecoderImpl& model, const std::vector<BatchPrompt>& prompts,
                                            const GenerationOptions& options, const BatchOptions& batch)
{
    checkOptions(options);
    if (options.afterLayer)
        throw ConfigError("generate: a layer hook decodes one prompt at a time (generate), not a batch");
    if (batch.batchSize < 0)
        throw ConfigError("generate: batch size must be >= 0 (0 = automatic), got " + std::to_string(batch.batchSize));
    const nn::LlamaConfig& c = model.config();
    std::vector<std::int64_t> lengths;
    std::int64_t longest = 0;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const BatchPrompt& p = prompts[i];
        const std::string row = "generate: batch row " + std::to_string(i);
        std::int64_t n = 0;
        if (p.embeds) {
            if (!p.ids.empty())
                throw ConfigError(row + " has both token ids and embeddings");
            if (!p.embeds->defined() || p.embeds->dim() != 2 || p.embeds->size(1) != c.hidden)
                throw ConfigError(row + ": embeddings must be [tokens, " + std::to_string(c.hidden) + "]");
            n = p.embeds->size(0);
        } else {
            n = static_cast<std::int64_t>(p.ids.size());
            for (std::int64_t id : p.ids)
                if (id < 0 || id >= c.vocabSize)
                    throw ShapeError(row + ": token id " + std::to_string(id) + " outside the vocabulary of " +
                                     std::to_string(c.vocabSize));
        }
        if (n == 0)
            throw ConfigError(row + ": the prompt has no tokens");
        if (n > c.maxPositions)
            throw ConfigError(row + ": " + std::to_string(n) + " prompt tokens exceed the model's context of " +
                              std::to_string(c.maxPositions));
        lengths.push_back(n);
        longest = std::max(longest, n);
    }
    std::vector<GenerationResult> results(prompts.size());
    if (prompts.empty())
        return results;
    for (std::size_t i = 0; i < prompts.size(); ++i)
        results[i].promptTokens = static_cast<int>(lengths[i]);
    if (options.maxNewTokens == 0) {
        for (auto& r : results)
            r.stopReason = "max_tokens";
        return results;
    }
    const int rowsPerBatch =
        batch.batchSize > 0 ? batch.batchSize : automaticBatchSize(model, longest, options.maxNewTokens, batch.memoryBudgetBytes);
    torch::NoGradGuard noGrad;
    const auto longOpts = torch::TensorOptions().dtype(torch::kInt64).device(model.device());
    for (std::size_t first = 0; first < prompts.size(); first += static_cast<std::size_t>(rowsPerBatch)) {
        const std::size_t end = std::min(prompts.size(), first + static_cast<std::size_t>(rowsPerBatch));
        const auto b = static_cast<std::int64_t>(end - first);
        std::int64_t width = 0;
        for (std::size_t i = first; i < end; ++i)
            width = std::max(width, lengths[i]);
        const auto t0 = Clock::now();
        // Right padding: the decoder takes each row's last real token (lastOnly with a mask), and
        // positions count real tokens only, so every row sees what it would see alone.
        torch::Tensor embeds = torch::zeros({b, width, c.hidden}, torch::TensorOptions().dtype(model.dtype()).device(model.device()));
        torch::Tensor mask = torch::zeros({b, width}, longOpts);
        for (std::size_t i = first; i < end; ++i) {
            const auto r = static_cast<std::int64_t>(i - first);
            const BatchPrompt& p = prompts[i];
            torch::Tensor e = p.embeds ? p.embeds->to(model.device(), model.dtype())
                                       : model.embed(torch::tensor(p.ids, torch::kInt64).view({1, -1}).to(model.device()))[0];
            embeds[r].narrow(0, 0, lengths[i]).copy_(e);
            mask[r].narrow(0, 0, lengths[i]).fill_(1);
        }
        nn::KvCache cache = model.makeCache();
        nn::DecoderInput in;
        in.inputsEmbeds = embeds;
        in.attentionMask = mask;
        in.cache = &cache;
        in.lastOnly = true;
        torch::Tensor logits = model.forward(in).view({b, -1});
        checkFiniteLogits(logits);

        std::vector<std::size_t> active; // result index of each cache row
        std::vector<std::mt19937_64> rngs;
        for (std::size_t i = first; i < end; ++i) {
            active.push_back(i);
            rngs.emplace_back(options.seed);
        }
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        bool prefill = true;
        auto t1 = Clock::now();
        std::vector<std::int64_t> picked;
        while (!active.empty()) {
            picked.assign(active.size(), 0);
            if (options.temperature <= 0.0) {
                const torch::Tensor best = logits.argmax(1).to(torch::kCPU);
                for (std::size_t r = 0; r < active.size(); ++r)
                    picked[r] = best[static_cast<std::int64_t>(r)].item<std::int64_t>();
            } else {
                for (std::size_t r = 0; r < active.size(); ++r)
                    picked[r] = pickToken(logits[static_cast<std::int64_t>(r)], options.temperature, options.topP,
                                          uniform(rngs[active[r] - first]));
            }
            if (prefill) {
                t1 = Clock::now();
                prefill = false;
            }
            std::vector<std::int64_t> keep, next;
            std::vector<std::size_t> still;
            for (std::size_t r = 0; r < active.size(); ++r) {
                GenerationResult& res = results[active[r]];
                const std::int64_t token = picked[r];
                ++res.generatedTokens;
                if (std::find(options.stopTokenIds.begin(), options.stopTokenIds.end(), token) != options.stopTokenIds.end()) {
                    res.stopReason = "stop_token";
                    res.stopTokenId = token;
                    continue;
                }
                res.ids.push_back(token);
                if (res.generatedTokens >= options.maxNewTokens) {
                    res.stopReason = "max_tokens";
                    continue;
                }
                keep.push_back(static_cast<std::int64_t>(r));
                next.push_back(token);
                still.push_back(active[r]);
            }
            if (still.empty())
                break;
            if (still.size() != active.size())
                cache.keepRows(torch::tensor(keep, torch::kInt64));
            active = std::move(still);
            nn::DecoderInput step;
            step.inputIds = torch::tensor(next, torch::kInt64).view({-1, 1}).to(model.device());
            step.cache = &cache;
            step.lastOnly = true;
            logits = model.forward(step).view({static_cast<std::int64_t>(active.size()), -1});
            for (std::size_t idx : active)
                ++results[idx].decodeSteps;
        }
        const auto t2 = Clock::now();
        for (std::size_t i = first; i < end; ++i) {
            results[i].prefillSeconds = seconds(t0, t1);
            results[i].decodeSeconds = seconds(t1, t2);
        }
    }
    return results;
}

} // namespace persona::runtime
