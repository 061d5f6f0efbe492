#include "core/methods/milp/milp_method.h"

#include "core/common/error.h"
#include "core/methods/text_prompt_common.h"
#include "core/common/enum_names.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace persona::methods {
namespace {

const char* const kProjections[3] = {"gate", "up", "down"};

} // namespace

std::vector<MilpModule> milpPlacement(const search::MilpConfig& config)
{
    std::vector<std::int64_t> active;
    for (std::size_t l = 0; l < config.activeLayers.size(); ++l)
        if (config.activeLayers[l])
            active.push_back(static_cast<std::int64_t>(l));
    if (active.empty())
        throw ConfigError("milp: no active layer");
    if (config.loraCount < 1)
        throw ConfigError("milp: modules = " + std::to_string(config.loraCount) + " (at least 1)");
    const auto a = static_cast<int>(active.size());
    std::vector<MilpModule> out;
    for (int k = 0; k < config.loraCount; ++k)
        out.push_back({k, "milp" + std::to_string(k), active[static_cast<std::size_t>(k % a)], kProjections[(k / a) % 3]});
    return out;
}

namespace {
constexpr EnumName<MilpStage> kMilpStageNames[] = {{MilpStage::MemoryInjection, "memory-injection"},
                                                   {MilpStage::InstructionTuning, "instruction-tuning"}};
} // namespace

const char* milpStageName(MilpStage stage)
{
    return enumName(kMilpStageNames, stage);
}

MilpMethod::MilpMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, const search::MilpConfig& config,
                       double loraScale)
    : m_decoder(std::move(decoder)), m_tokenizer(tokenizer), m_config(config), m_scale(loraScale)
{
    const auto depth = static_cast<std::size_t>(m_decoder->config().layers);
    for (std::size_t l = depth; l < m_config.activeLayers.size(); ++l)
        if (m_config.activeLayers[l])
            throw ConfigError("milp: layer index " + std::to_string(l) + " is past the decoder's depth (" +
                              std::to_string(depth) + " layers)");
    m_config.activeLayers.resize(depth, false);
    if (!(loraScale > 0.0))
        throw ConfigError("milp: loraScale must be positive");
    m_modules = milpPlacement(m_config);
    for (const auto& l : m_decoder->linearLayers())
        for (const auto& name : l.linear->loras())
            if (name.rfind("milp", 0) == 0)
                throw ConfigError("milp: the decoder already carries MiLP module '" + name + "' on " + l.name);
    for (auto& p : m_decoder->parameters())
        p.set_requires_grad(false);
    std::size_t added = 0;
    try {
        for (const auto& m : m_modules) {
            nn::LoraLinear lin = linearOf(m);
            const std::int64_t width = std::min(lin->inFeatures(), lin->outFeatures());
            if (m_config.rank > width)
                throw ConfigError("milp: rank " + std::to_string(m_config.rank) + " exceeds the width " +
                                  std::to_string(width) + " of layers." + std::to_string(m.layer) + ".mlp." +
                                  m.projection + "_proj");
            lin->addLora(m.name, m_config.rank, m_scale * m_config.rank);
            ++added;
        }
    } catch (...) {
        for (std::size_t i = 0; i < added; ++i)
            linearOf(m_modules[i])->removeLora(m_modules[i].name);
        throw;
    }
}

MilpMethod::~MilpMethod()
{
    for (const auto& m : m_modules) {
        nn::LoraLinear lin = linearOf(m);
        if (lin->hasLora(m.name))
            lin->removeLora(m.name);
    }
}

nn::LoraLinear MilpMethod::linearOf(const MilpModule& module) const
{
    const auto& mlp = m_decoder->blocks.at(static_cast<std::size_t>(module.layer))->mlp;
    if (module.projection == "gate")
        return mlp->gateProj;
    if (module.projection == "up")
        return mlp->upProj;
    return mlp->downProj;
}

torch::Tensor MilpMethod::loss(const std::vector<const Example*>& batch)
{
    return textPromptLoss(*m_decoder, batch, "MilpMethod");
}

Prediction MilpMethod::predict(const Example& example, const runtime::GenerationOptions& options)
{
    return textPromptPredict(*m_decoder, m_tokenizer, example, options);
}

std::vector<Prediction> MilpMethod::predictBatch(const std::vector<const Example*>& examples,
                                                const runtime::GenerationOptions& options, int batchSize)
{
    return textPromptPredictBatch(*m_decoder, m_tokenizer, examples, options, batchSize);
}

std::vector<torch::Tensor> MilpMethod::parameters()
{
    std::vector<torch::Tensor> out;
    for (auto& [name, t] : trainedState())
        out.push_back(t);
    return out;
}

NamedTensors MilpMethod::trainedState()
{
    NamedTensors out;
    for (const auto& m : m_modules) {
        const nn::LoraAdapter a = linearOf(m)->lora(m.name);
        const std::string base = "decoder.layers." + std::to_string(m.layer) + ".mlp." + m.projection + "_proj." + m.name;
        out.emplace_back(base + ".lora_A", a->a);
        out.emplace_back(base + ".lora_B", a->b);
    }
    return out;
}

std::int64_t MilpMethod::parameterCount()
{
    std::int64_t n = 0;
    for (auto& [name, t] : trainedState())
        n += t.numel();
    return n;
}

NamedTensors MilpMethod::snapshot()
{
    NamedTensors out;
    for (auto& [name, t] : trainedState())
        out.emplace_back(name, t.detach().clone());
    return out;
}

} // namespace persona::methods
