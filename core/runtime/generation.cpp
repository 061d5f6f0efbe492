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
    auto first = [&](nn::KvCache& cache) {
        nn::DecoderInput in;
        in.inputIds = torch::tensor(promptIds, torch::kInt64).view({1, -1}).to(model.device());
        in.cache = &cache;
        in.lastOnly = true;
        return model.forward(in).view({-1});
    };
    return run(model, static_cast<int>(promptIds.size()), first, options, onToken);
}

GenerationResult generateFromEmbeddings(nn::LlamaDecoderImpl& model, const torch::Tensor& promptEmbeds,
                                        const GenerationOptions& options, const TokenCallback& onToken)
{
    if (promptEmbeds.dim() != 3 || promptEmbeds.size(0) != 1 || promptEmbeds.size(1) == 0)
        throw ConfigError("generateFromEmbeddings: expected prompt embeddings [1, seq > 0, hidden]");
    auto first = [&](nn::KvCache& cache) {
        nn::DecoderInput in;
        in.inputsEmbeds = promptEmbeds;
        in.cache = &cache;
        in.lastOnly = true;
        return model.forward(in).view({-1});
    };
    return run(model, static_cast<int>(promptEmbeds.size(1)), first, options, onToken);
}

} // namespace persona::runtime
