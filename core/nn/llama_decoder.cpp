#include "core/nn/llama_decoder.h"

#include "core/common/error.h"
#include "core/nn/packed_head.h"


#include <limits>
#include <sstream>

namespace persona::nn {

namespace {

std::string shapeText(const torch::Tensor& t)
{
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}

double lowestValue(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kBFloat16: return static_cast<double>(std::numeric_limits<c10::BFloat16>::lowest());
    case torch::kHalf: return static_cast<double>(std::numeric_limits<c10::Half>::lowest());
    case torch::kDouble: return std::numeric_limits<double>::lowest();
    default: return static_cast<double>(std::numeric_limits<float>::lowest());
    }
}

// A frozen [rows, cols] weight as the only parameter of a submodule, normal(0, 0.02)-initialised
// unless a SkipInitScope is alive.
struct WeightHolder : torch::nn::Module {
    WeightHolder(std::int64_t rows, std::int64_t cols)
    {
        weight = register_parameter("weight", SkipInitScope::active() ? torch::empty({rows, cols})
                                                                     : torch::randn({rows, cols}) * 0.02,
                                    false);
    }
    torch::Tensor weight;
};

} // namespace

void KvCache::clear()
{
    layers.clear();
    keyMask = torch::Tensor();
    validCount = torch::Tensor();
}

void KvCache::keepRows(const torch::Tensor& rows)
{
    for (LayerKvCache& l : layers) {
        if (!l.keys.defined())
            continue;
        const torch::Tensor r = rows.to(l.keys.device());
        l.keys = l.keys.index_select(0, r);
        l.values = l.values.index_select(0, r);
    }
    if (keyMask.defined()) {
        const torch::Tensor r = rows.to(keyMask.device());
        keyMask = keyMask.index_select(0, r);
        validCount = validCount.index_select(0, r);
    }
}

LlamaBlockImpl::LlamaBlockImpl(const LlamaConfig& c)
{
    inputNorm = register_module("input_layernorm", RmsNorm(c.hidden, c.rmsEps));
    selfAttn = register_module("self_attn", Attention(c.hidden, c.heads, c.kvHeads, c.headDim));
    postAttentionNorm = register_module("post_attention_layernorm", RmsNorm(c.hidden, c.rmsEps));
    mlp = register_module("mlp", SwiGlu(c.hidden, c.intermediate));
}

torch::Tensor LlamaBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                                      const torch::Tensor& mask, LayerKvCache* cache)
{
    torch::Tensor h = x + selfAttn->forward(inputNorm->forward(x), cos, sin, mask, cache);
    return h + mlp->forward(postAttentionNorm->forward(h));
}

LlamaDecoderImpl::LlamaDecoderImpl(const LlamaConfig& config)
    : m_config(config), m_rope(config.headDim, config.ropeTheta)
{
    config.validate("LlamaDecoder");
    // Parameter names cannot contain dots, so the embedding and lm head are one-tensor submodules.
    m_embedTokens = register_module("embed_tokens", std::make_shared<WeightHolder>(config.vocabSize, config.hidden))->weight;
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.layers; ++i) {
        LlamaBlock block(config);
        m_layers->push_back(block);
        blocks.push_back(block);
    }
    m_norm = register_module("norm", RmsNorm(config.hidden, config.rmsEps));
    if (!config.tiedEmbeddings)
        m_lmHead = register_module("lm_head", std::make_shared<WeightHolder>(config.vocabSize, config.hidden))->weight;
}

torch::Tensor LlamaDecoderImpl::embed(const torch::Tensor& ids)
{
    if (ids.dim() != 2 || ids.scalar_type() != torch::kInt64)
        throw ShapeError("LlamaDecoder::embed: expected int64 ids [batch, seq], got " + shapeText(ids));
    if (ids.numel() > 0) {
        const std::int64_t lo = ids.min().item<std::int64_t>();
        const std::int64_t hi = ids.max().item<std::int64_t>();
        if (lo < 0 || hi >= m_config.vocabSize)
            throw ShapeError("LlamaDecoder::embed: token id " + std::to_string(lo < 0 ? lo : hi) +
                             " outside the vocabulary [0, " + std::to_string(m_config.vocabSize) + ")");
    }
    return torch::embedding(m_embedTokens, ids.to(m_embedTokens.device()));
}

KvCache LlamaDecoderImpl::makeCache() const
{
    KvCache cache;
    cache.layers.resize(static_cast<std::size_t>(m_config.layers));
    return cache;
}

torch::Tensor LlamaDecoderImpl::hiddenStates(const DecoderInput& in)
{
    if (in.inputIds.defined() == in.inputsEmbeds.defined())
        throw ShapeError("LlamaDecoder: give exactly one of input ids and input embeddings");
    torch::Tensor h;
    if (in.inputIds.defined()) {
        h = embed(in.inputIds);
    } else {
        if (in.inputsEmbeds.dim() != 3 || in.inputsEmbeds.size(2) != m_config.hidden)
            throw ShapeError("LlamaDecoder: input embeddings must be [batch, seq, " + std::to_string(m_config.hidden) +
                             "], got " + shapeText(in.inputsEmbeds));
        h = in.inputsEmbeds.to(device(), dtype());
    }
    const std::int64_t batch = h.size(0);
    const std::int64_t seq = h.size(1);
    const auto longOpts = torch::TensorOptions().dtype(torch::kInt64).device(device());

    torch::Tensor mask;
    if (in.attentionMask.defined()) {
        if (in.attentionMask.dim() != 2 || in.attentionMask.size(0) != batch || in.attentionMask.size(1) != seq)
            throw ShapeError("LlamaDecoder: attention mask must be [" + std::to_string(batch) + ", " +
                             std::to_string(seq) + "], got " + shapeText(in.attentionMask));
        mask = in.attentionMask.to(device(), torch::kInt64);
    } else {
        mask = torch::ones({batch, seq}, longOpts);
    }

    KvCache* cache = in.cache;
    std::int64_t past = 0;
    if (cache) {
        if (cache->layers.size() != static_cast<std::size_t>(m_config.layers))
            cache->layers.resize(static_cast<std::size_t>(m_config.layers));
        past = cache->length();
        if (past == 0 || !cache->keyMask.defined()) {
            cache->keyMask = torch::zeros({batch, 0}, longOpts);
            cache->validCount = torch::zeros({batch}, longOpts);
        } else if (cache->keyMask.size(0) != batch) {
            throw ShapeError("LlamaDecoder: batch " + std::to_string(batch) + " differs from the cache's batch " +
                             std::to_string(cache->keyMask.size(0)));
        }
    }

    torch::Tensor positions;
    if (in.positionIds.defined()) {
        if (in.positionIds.sizes() != mask.sizes())
            throw ShapeError("LlamaDecoder: position ids must be [" + std::to_string(batch) + ", " +
                             std::to_string(seq) + "], got " + shapeText(in.positionIds));
        positions = in.positionIds.to(device(), torch::kInt64);
    } else {
        // Real tokens count from the sequence's own start, so left padding does not shift RoPE.
        positions = torch::cumsum(mask, 1) - 1;
        if (cache)
            positions = positions + cache->validCount.unsqueeze(1);
        positions = positions.clamp_min(0);
    }

    torch::Tensor keyMask = cache ? torch::cat({cache->keyMask, mask}, 1) : mask;
    const std::int64_t total = past + seq;
    // Query i (absolute position past + i) sees key j when j <= past + i and key j is a real token.
    torch::Tensor causal = torch::arange(total, longOpts).unsqueeze(0) <= (torch::arange(seq, longOpts) + past).unsqueeze(1);
    torch::Tensor allowed = causal.unsqueeze(0).logical_and(keyMask.unsqueeze(1).to(torch::kBool)); // [b, seq, total]
    torch::Tensor additive = torch::zeros({batch, seq, total}, h.options())
                                 .masked_fill_(allowed.logical_not(), lowestValue(dtype()))
                                 .unsqueeze(1);

    auto [cos, sin] = m_rope.cosSin(positions, dtype());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        h = blocks[i]->forward(h, cos, sin, additive, cache ? &cache->layers[i] : nullptr);
        if (in.afterLayer) {
            const std::int64_t width = h.size(2);
            h = in.afterLayer(i, h);
            if (h.dim() != 3 || h.size(0) != batch || h.size(1) != seq || h.size(2) != width)
                throw ShapeError("LlamaDecoder: the hook after layer " + std::to_string(i) + " returned " + shapeText(h) +
                                 ", not the hidden states' shape");
        }
    }

    if (cache) {
        cache->keyMask = keyMask;
        cache->validCount = cache->validCount + mask.sum(1);
    }
    return m_norm->forward(h);
}

torch::Tensor LlamaDecoderImpl::logits(const torch::Tensor& hidden)
{
    return decodeLogits(hidden, m_lmHead.defined() ? m_lmHead : m_embedTokens, m_packedHead);
}

torch::Tensor LlamaDecoderImpl::forward(const DecoderInput& in)
{
    torch::Tensor h = hiddenStates(in);
    if (in.lastOnly) {
        const std::int64_t seq = h.size(1);
        if (in.attentionMask.defined()) {
            // The last real token of each row (left or right padding).
            torch::Tensor mask = in.attentionMask.to(h.device(), torch::kInt64);
            torch::Tensor idx = (mask * torch::arange(seq, mask.options())).argmax(1);
            h = h.index({torch::arange(h.size(0), mask.options()), idx}).unsqueeze(1);
        } else {
            h = h.narrow(1, seq - 1, 1);
        }
    }
    return logits(h);
}

torch::Tensor LlamaDecoderImpl::forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask)
{
    DecoderInput in;
    in.inputIds = inputIds;
    in.attentionMask = attentionMask;
    return forward(in);
}

std::map<std::string, int> LlamaDecoderImpl::decodingWeights() const
{
    std::map<std::string, int> routes;
    auto count = [&](const PackedSlot& slot) {
        if (!slot.route.empty())
            ++routes[slot.route];
    };
    for (const LlamaBlock& b : blocks) {
        count(b->selfAttn->packedQkvSlot());
        count(b->selfAttn->oProj->packedSlot());
        count(b->mlp->packedGateUpSlot());
        count(b->mlp->downProj->packedSlot());
    }
    count(m_packedHead);
    return routes;
}

void LlamaDecoderImpl::keepFileBlocks()
{
    auto blocksOf = [](const LoraLinear& l) { return PackedWeight::fromExact(l->weight); };
    for (LlamaBlock& b : blocks) {
        Attention& attn = b->selfAttn;
        attn->setFileBlocks(PackedWeight::stackRows({blocksOf(attn->qProj), blocksOf(attn->kProj), blocksOf(attn->vProj)}),
                            blocksOf(attn->oProj));
        SwiGlu& mlp = b->mlp;
        mlp->setFileBlocks(PackedWeight::stackRows({blocksOf(mlp->gateProj), blocksOf(mlp->upProj)}), blocksOf(mlp->downProj));
    }
    m_packedHead.fileBlocks = PackedWeight::fromExact(m_lmHead.defined() ? m_lmHead : m_embedTokens);
}

std::vector<DecoderLinear> LlamaDecoderImpl::linearLayers() const
{
    std::vector<DecoderLinear> out;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const std::string prefix = "layers." + std::to_string(i) + ".";
        const auto layer = static_cast<std::int64_t>(i);
        const auto& attn = blocks[i]->selfAttn;
        const auto& mlp = blocks[i]->mlp;
        out.push_back({prefix + "self_attn.q_proj", layer, "q", attn->qProj});
        out.push_back({prefix + "self_attn.k_proj", layer, "k", attn->kProj});
        out.push_back({prefix + "self_attn.v_proj", layer, "v", attn->vProj});
        out.push_back({prefix + "self_attn.o_proj", layer, "o", attn->oProj});
        out.push_back({prefix + "mlp.gate_proj", layer, "gate", mlp->gateProj});
        out.push_back({prefix + "mlp.up_proj", layer, "up", mlp->upProj});
        out.push_back({prefix + "mlp.down_proj", layer, "down", mlp->downProj});
    }
    return out;
}

} // namespace persona::nn
