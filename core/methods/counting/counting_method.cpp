#include "core/methods/counting/counting_method.h"

#include "core/common/error.h"
#include "core/eval/baselines.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::methods {

torch::Tensor CountingMethod::loss(const std::vector<const Example*>&)
{
    throw ConfigError("counting has no decoder and no loss");
}

Prediction CountingMethod::predict(const Example& example, const runtime::GenerationOptions&)
{
    const auto start = std::chrono::steady_clock::now();
    Prediction p;
    p.text = data::targetText(m_ds, eval::countingBaseline(m_ds, m_ds.users.at(example.user), example.positions, m_k));
    p.inputTokens = static_cast<int>(example.positions.size());
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

} // namespace persona::methods
