// PERSOMA section 4's Counting baseline as a method: no decoder, no training; its answer is the
// history's most and least frequent genres. Leaves out the counting itself (core/eval/baselines.h).
#pragma once

#include "core/data/dataset.h"
#include "core/methods/method.h"

namespace persona::methods {

// PERSOMA section 4's Counting: the top three and bottom three genres of the sampled history,
// written as the target text. The dataset is borrowed.
class CountingMethod : public Method {
public:
    explicit CountingMethod(const data::Dataset& ds, std::size_t k = 3) : m_ds(ds), m_k(k) {}
    std::string name() const override { return "counting"; }
    bool trainable() const override { return false; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override; // ConfigError: no decoder
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<torch::Tensor> parameters() override { return {}; }
    NamedTensors trainedState() override { return {}; }
    int inputTokens(const Example& example) override { return static_cast<int>(example.positions.size()); }

private:
    const data::Dataset& m_ds;
    std::size_t m_k;
};

// The registry's entry (counting_spec.cpp): no decoder, genre task only.
struct MethodSpec;
const MethodSpec& countingSpec();

} // namespace persona::methods
