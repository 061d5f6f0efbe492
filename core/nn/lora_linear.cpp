#include "core/nn/lora_linear.h"

#include "core/common/error.h"

#include <torch/nn/functional/linear.h>
#include <torch/nn/init.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cmath>

namespace persona::nn {

namespace {
thread_local bool t_skipInit = false;
}

SkipInitScope::SkipInitScope() : m_previous(t_skipInit)
{
    t_skipInit = true;
}

SkipInitScope::~SkipInitScope()
{
    t_skipInit = m_previous;
}

bool SkipInitScope::active()
{
    return t_skipInit;
}

torch::Tensor denseLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    const std::int64_t in = x.size(-1);
    if (x.numel() == in && in == weight.size(1) && x.dim() >= 1) {
        std::vector<std::int64_t> shape = x.sizes().vec();
        shape.back() = weight.size(0);
        torch::Tensor y = torch::mv(weight, x.reshape({in}));
        if (bias.defined())
            y = y + bias;
        return y.view(shape);
    }
    return torch::nn::functional::linear(x, weight, bias);
}

LoraAdapterImpl::LoraAdapterImpl(std::int64_t inFeatures, std::int64_t outFeatures, std::int64_t rank,
                                 double alpha)
    : m_rank(rank), m_alpha(alpha)
{
    a = register_parameter("A", torch::empty({rank, inFeatures}));
    b = register_parameter("B", torch::zeros({outFeatures, rank}));
    // PEFT's default: kaiming_uniform_(A, a=sqrt(5)), B = 0.
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(a, std::sqrt(5.0));
}

torch::Tensor LoraAdapterImpl::forward(const torch::Tensor& x)
{
    return torch::nn::functional::linear(torch::nn::functional::linear(x, a), b) * scale();
}

LoraLinearImpl::LoraLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool withBias)
    : m_in(inFeatures), m_out(outFeatures)
{
    if (inFeatures <= 0 || outFeatures <= 0)
        throw ConfigError("LoraLinear: features must be positive, got in " + std::to_string(inFeatures) +
                          ", out " + std::to_string(outFeatures));
    weight = register_parameter("weight", torch::empty({outFeatures, inFeatures}), false);
    if (withBias)
        bias = register_parameter("bias", torch::zeros({outFeatures}), false);
    if (SkipInitScope::active())
        return;
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
}

torch::Tensor LoraLinearImpl::forward(const torch::Tensor& x)
{
    torch::Tensor y = bias.defined() ? denseLinear(x, weight, bias) : decodeLinear(x, weight, m_packed);
    torch::Tensor delta = loraDelta(x);
    return delta.defined() ? y + delta : y;
}

torch::Tensor LoraLinearImpl::loraDelta(const torch::Tensor& x)
{
    torch::Tensor sum;
    for (auto& [name, adapter] : m_loras) {
        if (!adapter->enabled())
            continue;
        torch::Tensor d = adapter->forward(x);
        sum = sum.defined() ? sum + d : d;
    }
    return sum;
}

bool LoraLinearImpl::hasEnabledLora() const
{
    return std::any_of(m_loras.begin(), m_loras.end(), [](const auto& p) { return p.second->enabled(); });
}

std::vector<std::pair<std::string, LoraAdapter>>::const_iterator LoraLinearImpl::find(const std::string& name) const
{
    return std::find_if(m_loras.begin(), m_loras.end(), [&](const auto& p) { return p.first == name; });
}

LoraAdapter LoraLinearImpl::addLora(const std::string& name, std::int64_t rank, double alpha)
{
    if (name.empty())
        throw ConfigError("LoraLinear::addLora: empty LoRA name");
    if (find(name) != m_loras.end())
        throw ConfigError("LoraLinear::addLora: a LoRA named '" + name + "' already exists");
    if (rank < 1 || rank > std::min(m_in, m_out))
        throw ConfigError("LoraLinear::addLora: rank " + std::to_string(rank) + " of LoRA '" + name +
                          "' is outside [1, " + std::to_string(std::min(m_in, m_out)) + "]");
    if (!(alpha > 0.0))
        throw ConfigError("LoraLinear::addLora: alpha of LoRA '" + name + "' must be > 0, got " +
                          std::to_string(alpha));
    LoraAdapter adapter(m_in, m_out, rank, alpha);
    adapter->to(weight.device(), weight.scalar_type());
    register_module("lora_" + name, adapter);
    m_loras.emplace_back(name, adapter);
    return adapter;
}

void LoraLinearImpl::removeLora(const std::string& name)
{
    auto it = find(name);
    if (it == m_loras.end())
        throw ConfigError("LoraLinear::removeLora: no LoRA named '" + name + "'");
    unregister_module("lora_" + name);
    m_loras.erase(it);
}

void LoraLinearImpl::setLoraEnabled(const std::string& name, bool enabled)
{
    lora(name)->setEnabled(enabled);
}

LoraAdapter LoraLinearImpl::lora(const std::string& name) const
{
    auto it = find(name);
    if (it == m_loras.end())
        throw ConfigError("LoraLinear: no LoRA named '" + name + "'");
    return it->second;
}

bool LoraLinearImpl::hasLora(const std::string& name) const
{
    return find(name) != m_loras.end();
}

std::vector<std::string> LoraLinearImpl::loras() const
{
    std::vector<std::string> names;
    for (const auto& p : m_loras)
        names.push_back(p.first);
    return names;
}

std::vector<torch::Tensor> LoraLinearImpl::loraParameters() const
{
    std::vector<torch::Tensor> params;
    for (const auto& p : m_loras) {
        params.push_back(p.second->a);
        params.push_back(p.second->b);
    }
    return params;
}

torch::Tensor fusedBaseWeight(const std::vector<LoraLinear>& linears, torch::Tensor& fused)
{
    // Training the base weights (full fine-tuning): concatenate under autograd, so each weight gets
    // its gradient. The cached, aliased tensor below is built without autograd and serves inference.
    if (torch::GradMode::is_enabled()) {
        std::vector<torch::Tensor> parts;
        bool anyTrainable = false;
        for (const LoraLinear& l : linears) {
            parts.push_back(l->weight);
            anyTrainable = anyTrainable || l->weight.requires_grad();
        }
        if (anyTrainable)
            return torch::cat(parts, 0);
    }
    bool valid = fused.defined();
    std::int64_t row = 0;
    for (const LoraLinear& l : linears) {
        const torch::Tensor& w = l->weight;
        if (!valid)
            break;
        valid = w.is_alias_of(fused) && w.scalar_type() == fused.scalar_type() && w.dim() == 2 &&
                w.size(1) == fused.size(1) && w.storage_offset() == fused.storage_offset() + row * fused.stride(0) &&
                w.stride(0) == fused.stride(0) && w.stride(1) == fused.stride(1);
        row += w.size(0);
    }
    if (valid && row == fused.size(0))
        return fused;

    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    for (const LoraLinear& l : linears)
        parts.push_back(l->weight);
    fused = torch::cat(parts, 0).contiguous();
    row = 0;
    for (const LoraLinear& l : linears) {
        const std::int64_t rows = l->weight.size(0);
        l->weight.set_data(fused.narrow(0, row, rows));
        row += rows;
    }
    return fused;
}

} // namespace persona::nn
