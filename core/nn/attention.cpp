#include "core/nn/attention.h"

#include "core/common/error.h"
#include "core/nn/rotary_embedding.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace persona::nn {

std::pair<torch::Tensor, torch::Tensor> LayerKvCache::append(const torch::Tensor& k, const torch::Tensor& v)
{
    const std::int64_t seq = k.size(2);
    const std::int64_t needed = length + seq;
    if (!keys.defined() || keys.size(0) != k.size(0) || needed > keys.size(2)) {
        const std::int64_t capacity = std::max<std::int64_t>({needed, keys.defined() ? 2 * keys.size(2) : 0, 64});
        torch::Tensor newKeys = torch::empty({k.size(0), k.size(1), capacity, k.size(3)}, k.options());
        torch::Tensor newValues = torch::empty({v.size(0), v.size(1), capacity, v.size(3)}, v.options());
        if (length > 0) {
            newKeys.narrow(2, 0, length).copy_(keys.narrow(2, 0, length));
            newValues.narrow(2, 0, length).copy_(values.narrow(2, 0, length));
        }
        keys = newKeys;
        values = newValues;
    }
    keys.narrow(2, length, seq).copy_(k);
    values.narrow(2, length, seq).copy_(v);
    length = needed;
    return {keys.narrow(2, 0, length), values.narrow(2, 0, length)};
}

void LayerKvCache::clear()
{
    keys = torch::Tensor();
    values = torch::Tensor();
    length = 0;
}

AttentionImpl::AttentionImpl(std::int64_t hidden, std::int64_t heads, std::int64_t kvHeads, std::int64_t headDim)
    : m_heads(heads), m_kvHeads(kvHeads), m_headDim(headDim)
{
    if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0)
        throw ConfigError("Attention: heads (" + std::to_string(heads) + ") must be a positive multiple of kv heads (" +
                          std::to_string(kvHeads) + ")");
    qProj = register_module("q_proj", LoraLinear(hidden, heads * headDim, false));
    kProj = register_module("k_proj", LoraLinear(hidden, kvHeads * headDim, false));
    vProj = register_module("v_proj", LoraLinear(hidden, kvHeads * headDim, false));
    oProj = register_module("o_proj", LoraLinear(heads * headDim, hidden, false));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                                     const torch::Tensor& mask, LayerKvCache* cache)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t seq = x.size(1);
    const std::int64_t qDim = m_heads * m_headDim;
    const std::int64_t kvDim = m_kvHeads * m_headDim;

    torch::Tensor qkv = decodeLinear(x, fusedBaseWeight({qProj, kProj, vProj}, m_fusedQkv), m_packedQkv);
    torch::Tensor q = qkv.narrow(-1, 0, qDim);
    torch::Tensor k = qkv.narrow(-1, qDim, kvDim);
    torch::Tensor v = qkv.narrow(-1, qDim + kvDim, kvDim);
    if (torch::Tensor d = qProj->loraDelta(x); d.defined())
        q = q + d;
    if (torch::Tensor d = kProj->loraDelta(x); d.defined())
        k = k + d;
    if (torch::Tensor d = vProj->loraDelta(x); d.defined())
        v = v + d;

    q = RotaryEmbedding::apply(q.view({batch, seq, m_heads, m_headDim}).transpose(1, 2), cos, sin);
    k = RotaryEmbedding::apply(k.view({batch, seq, m_kvHeads, m_headDim}).transpose(1, 2), cos, sin);
    v = v.view({batch, seq, m_kvHeads, m_headDim}).transpose(1, 2);
    if (cache)
        std::tie(k, v) = cache->append(k, v);
    const std::int64_t total = k.size(2);
    const std::int64_t groups = m_heads / m_kvHeads;
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));

    torch::Tensor out;
#if TORCH_VERSION_MAJOR >= 2
    if (x.is_cuda()) {
        // Fused kernels on the GPU; the kv heads are expanded to the query heads first.
        torch::Tensor kk = groups > 1 ? k.repeat_interleave(groups, 1) : k;
        torch::Tensor vv = groups > 1 ? v.repeat_interleave(groups, 1) : v;
        out = at::scaled_dot_product_attention(q, kk, vv, mask.to(q.scalar_type()), 0.0, false);
    }
#endif
    if (!out.defined()) {
        // The query heads sharing one kv head are stacked along the rows, so K and V are used as
        // they are, without repeating them: q [b, kvHeads, groups * seq, d] x k^T [b, kvHeads, d, total].
        torch::Tensor qg = q.reshape({batch, m_kvHeads, groups * seq, m_headDim});
        torch::Tensor scores = torch::matmul(qg, k.transpose(-1, -2)).mul_(scale);
        scores = scores.view({batch, m_kvHeads, groups, seq, total}).add_(mask.unsqueeze(1));
        torch::Tensor probs = scores.scalar_type() == torch::kFloat32
                                  ? torch::softmax(scores, -1)
                                  : torch::softmax(scores, -1, torch::kFloat32).to(scores.scalar_type());
        out = torch::matmul(probs.view({batch, m_kvHeads, groups * seq, total}), v);
        out = out.view({batch, m_heads, seq, m_headDim});
    }
    out = out.transpose(1, 2).reshape({batch, seq, qDim});
    return oProj->forward(out);
}

} // namespace persona::nn
