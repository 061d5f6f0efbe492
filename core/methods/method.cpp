#include "core/methods/method.h"

#include "core/common/error.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace persona::methods {
namespace {

std::string shapeText(const torch::Tensor& t)
{
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

} // namespace

std::vector<Prediction> Method::predictBatch(const std::vector<const Example*>& examples,
                                             const runtime::GenerationOptions& options, int batchSize)
{
    (void)batchSize;
    std::vector<Prediction> out;
    out.reserve(examples.size());
    for (const Example* e : examples)
        out.push_back(predict(*e, options));
    return out;
}

torch::Tensor Method::targetLogProbs(const std::vector<const Example*>& batch)
{
    torch::NoGradGuard noGrad;
    std::vector<float> out;
    out.reserve(batch.size());
    for (const Example* e : batch)
        out.push_back(-loss({e}).item<float>() * static_cast<float>(e->targetIds.size()));
    return torch::tensor(out, torch::kFloat32);
}

std::vector<torch::Tensor> Method::targetLogProbsSets(const std::vector<const Example*>& inputs,
                                                      const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets)
{
    std::vector<torch::Tensor> out;
    for (const auto& targets : targetSets) {
        if (targets.size() != inputs.size())
            throw ShapeError(name() + ": " + std::to_string(targets.size()) + " targets for " + std::to_string(inputs.size()) +
                             " inputs");
        std::vector<Example> copies;
        copies.reserve(inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            copies.push_back(*inputs[i]);
            copies.back().targetIds = targets[i];
        }
        std::vector<const Example*> pointers;
        for (const Example& e : copies)
            pointers.push_back(&e);
        out.push_back(targetLogProbs(pointers));
    }
    return out;
}

void Method::loadTrainedState(const std::map<std::string, torch::Tensor>& tensors, const std::string& source)
{
    const NamedTensors own = trainedState();
    std::set<std::string> expected;
    for (const auto& [name, t] : own) {
        expected.insert(name);
        const auto it = tensors.find(name);
        if (it == tensors.end())
            throw ConfigError(source + ": tensor '" + name + "' of " + this->name() + " is missing");
        if (!it->second.sizes().equals(t.sizes()))
            throw ShapeError(source + ": tensor '" + name + "' has shape " + shapeText(it->second) + ", the model expects " +
                             shapeText(t) + " (a checkpoint from another decoder or configuration?)");
    }
    for (const auto& [name, t] : tensors)
        if (!expected.count(name))
            throw ConfigError(source + ": unexpected tensor '" + name + "' for " + this->name());
    torch::NoGradGuard noGrad;
    for (auto& [name, t] : own) {
        torch::Tensor dst = t;
        dst.copy_(tensors.at(name).to(t.device(), t.scalar_type()));
    }
}

std::vector<std::int64_t> toInt64(const std::vector<std::int32_t>& ids)
{
    return std::vector<std::int64_t>(ids.begin(), ids.end());
}

std::vector<std::int64_t> stopTokenIds(const tokenizers::Tokenizer& tokenizer)
{
    std::vector<std::int64_t> out;
    auto add = [&](std::optional<std::int32_t> id) {
        if (id && std::find(out.begin(), out.end(), *id) == out.end())
            out.push_back(*id);
    };
    add(tokenizer.specialTokens().eos);
    add(tokenizer.tokenToId("<|im_end|>"));
    add(tokenizer.tokenToId("<|endoftext|>"));
    if (out.empty())
        throw ConfigError("the decoder's tokenizer has no end-of-sequence token (eos, <|im_end|>, <|endoftext|>)");
    return out;
}

} // namespace persona::methods
