#include "core/methods/decoder_training.h"

#include "core/common/error.h"

#include <torch/torch.h>

namespace persona::methods {

void applyDecoderMode(nn::LlamaDecoderImpl& decoder, DecoderMode mode, const LoraSettings& lora)
{
    if (mode == DecoderMode::Lora) {
        for (auto& l : decoder.linearLayers())
            if (!l.linear->hasLora(kLoraName))
                l.linear->addLora(kLoraName, lora.rank, lora.alpha);
    } else if (mode == DecoderMode::Full) {
        for (auto& p : decoder.parameters())
            p.set_requires_grad(true);
    }
}

std::vector<std::pair<std::string, torch::Tensor>> decoderTrainedTensors(nn::LlamaDecoderImpl& decoder, DecoderMode mode)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    if (mode == DecoderMode::Lora) {
        for (auto& l : decoder.linearLayers()) {
            if (!l.linear->hasLora(kLoraName))
                continue;
            auto a = l.linear->lora(kLoraName);
            out.emplace_back("decoder." + l.name + ".lora_A", a->a);
            out.emplace_back("decoder." + l.name + ".lora_B", a->b);
        }
    } else if (mode == DecoderMode::Full) {
        for (auto& p : decoder.named_parameters())
            if (p.key().find(".lora_") == std::string::npos)
                out.emplace_back("decoder." + p.key(), p.value());
    }
    return out;
}

DecoderBatch buildDecoderBatch(nn::LlamaDecoderImpl& decoder, const std::vector<DecoderSequence>& sequences)
{
    if (sequences.empty())
        throw ShapeError("buildDecoderBatch: no sequences");
    const std::int64_t hidden = decoder.config().hidden;
    std::vector<torch::Tensor> rows;
    std::vector<std::int64_t> lengths, prefixLengths;
    std::int64_t maxLen = 0;
    for (const auto& s : sequences) {
        std::vector<std::int64_t> ids = s.promptIds;
        ids.insert(ids.end(), s.targetIds.begin(), s.targetIds.end());
        std::vector<torch::Tensor> parts;
        std::int64_t prefixLen = 0;
        if (s.prefix.defined() && s.prefix.size(0) > 0) {
            if (s.prefix.dim() != 2 || s.prefix.size(1) != hidden)
                throw ShapeError("buildDecoderBatch: prefix must be [n, " + std::to_string(hidden) + "]");
            parts.push_back(s.prefix.to(decoder.device(), decoder.dtype()));
            prefixLen = s.prefix.size(0);
        }
        if (!ids.empty()) {
            torch::Tensor t = torch::tensor(ids, torch::kInt64).to(decoder.device()).unsqueeze(0);
            parts.push_back(decoder.embed(t).squeeze(0));
        }
        if (parts.empty())
            throw ShapeError("buildDecoderBatch: an empty sequence");
        rows.push_back(torch::cat(parts, 0));
        lengths.push_back(rows.back().size(0));
        prefixLengths.push_back(prefixLen);
        maxLen = std::max(maxLen, lengths.back());
    }
    const auto b = static_cast<std::int64_t>(sequences.size());
    DecoderBatch out;
    std::vector<torch::Tensor> padded;
    std::vector<std::int64_t> mask(static_cast<std::size_t>(b * maxLen), 0);
    std::vector<std::int64_t> labels(static_cast<std::size_t>(b * maxLen), kIgnoreLabel);
    for (std::int64_t i = 0; i < b; ++i) {
        const auto& s = sequences[static_cast<std::size_t>(i)];
        const std::int64_t len = lengths[static_cast<std::size_t>(i)];
        padded.push_back(len < maxLen ? torch::cat({rows[static_cast<std::size_t>(i)],
                                                    torch::zeros({maxLen - len, hidden}, rows[0].options())})
                                      : rows[static_cast<std::size_t>(i)]);
        for (std::int64_t t = 0; t < len; ++t)
            mask[static_cast<std::size_t>(i * maxLen + t)] = 1;
        const std::int64_t targetStart = prefixLengths[static_cast<std::size_t>(i)] + static_cast<std::int64_t>(s.promptIds.size());
        for (std::size_t j = 0; j < s.targetIds.size(); ++j)
            labels[static_cast<std::size_t>(i * maxLen + targetStart) + j] = s.targetIds[j];
        out.targetTokens += static_cast<std::int64_t>(s.targetIds.size());
        out.realTokens += len;
    }
    out.inputsEmbeds = torch::stack(padded);
    out.attentionMask = torch::tensor(mask, torch::kInt64).view({b, maxLen}).to(decoder.device());
    out.labels = torch::tensor(labels, torch::kInt64).view({b, maxLen}).to(decoder.device());
    return out;
}

namespace {

// The decoder's hidden states at the positions that predict a target token ([n, hidden], sequence by
// sequence), those tokens ([n]) and where they are ([batch, seq - 1] bool).
struct TargetRows {
    torch::Tensor hidden, ids, selected;
};

TargetRows targetRows(nn::LlamaDecoderImpl& decoder, const DecoderBatch& batch)
{
    nn::DecoderInput in;
    in.inputsEmbeds = batch.inputsEmbeds;
    in.attentionMask = batch.attentionMask;
    in.afterLayer = batch.afterLayer;
    const torch::Tensor hidden = decoder.hiddenStates(in); // [b, s, h]
    const torch::Tensor next = batch.labels.slice(1, 1);   // [b, s-1]: the label at t is predicted from t - 1
    const torch::Tensor sel = next.ne(kIgnoreLabel);
    return {hidden.slice(1, 0, hidden.size(1) - 1).index({sel}), next.index({sel}), sel};
}

// log p of each selected token under logits [n, vocab].
torch::Tensor tokenLogProbs(const torch::Tensor& logits, const torch::Tensor& ids)
{
    return torch::log_softmax(logits.to(torch::kFloat32), -1).gather(1, ids.view({-1, 1})).view({-1});
}

// Sums values [n] (one per selected position of `selected` [batch, len], row-major) into [batch].
torch::Tensor sumPerRow(const torch::Tensor& values, const torch::Tensor& selected)
{
    const auto longs = torch::TensorOptions().dtype(torch::kInt64).device(selected.device());
    const torch::Tensor row = torch::arange(selected.size(0), longs).view({-1, 1}).expand_as(selected).index({selected});
    return torch::zeros({selected.size(0)}, values.options()).index_add_(0, row, values);
}

} // namespace

torch::Tensor targetLoss(nn::LlamaDecoderImpl& decoder, const DecoderBatch& batch)
{
    const TargetRows t = targetRows(decoder, batch);
    if (t.ids.numel() == 0)
        throw ShapeError("targetLoss: the batch has no target token");
    return torch::nn::functional::cross_entropy(decoder.logits(t.hidden).to(torch::kFloat32), t.ids);
}

torch::Tensor targetLogProbs(nn::LlamaDecoderImpl& decoder, const DecoderBatch& batch)
{
    torch::NoGradGuard noGrad;
    const TargetRows t = targetRows(decoder, batch);
    if (t.selected.sum(1).eq(0).any().item<bool>())
        throw ShapeError("targetLogProbs: a sequence of the batch has no target token");
    return sumPerRow(tokenLogProbs(decoder.logits(t.hidden), t.ids), t.selected);
}

std::vector<torch::Tensor> targetLogProbsAfter(nn::LlamaDecoderImpl& decoder, const DecoderBatch& prompts,
                                               const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets)
{
    torch::NoGradGuard noGrad;
    const std::int64_t batch = prompts.inputsEmbeds.size(0);
    nn::KvCache cache = decoder.makeCache();
    nn::DecoderInput in;
    in.inputsEmbeds = prompts.inputsEmbeds;
    in.attentionMask = prompts.attentionMask;
    in.cache = &cache;
    in.lastOnly = true;
    // log p of each row's first target token, from its last real input token.
    const torch::Tensor first = torch::log_softmax(decoder.forward(in).squeeze(1).to(torch::kFloat32), -1); // [b, V]
    const std::int64_t length = cache.length();
    const torch::Tensor keyMask = cache.keyMask, validCount = cache.validCount;
    const auto longs = torch::TensorOptions().dtype(torch::kInt64);
    std::vector<torch::Tensor> out;
    for (const auto& targets : targetSets) {
        if (static_cast<std::int64_t>(targets.size()) != batch)
            throw ShapeError("targetLogProbsAfter: " + std::to_string(targets.size()) + " targets for " +
                             std::to_string(batch) + " inputs");
        std::size_t longest = 0;
        for (const auto& t : targets) {
            if (t.empty())
                throw ShapeError("targetLogProbsAfter: an empty target");
            longest = std::max(longest, t.size());
        }
        const auto T = static_cast<std::int64_t>(longest);
        torch::Tensor ids = torch::zeros({batch, T}, longs), mask = torch::zeros({batch, T}, longs);
        auto idsA = ids.accessor<std::int64_t, 2>();
        auto maskA = mask.accessor<std::int64_t, 2>();
        for (std::int64_t r = 0; r < batch; ++r)
            for (std::size_t t = 0; t < targets[static_cast<std::size_t>(r)].size(); ++t) {
                idsA[r][static_cast<std::int64_t>(t)] = targets[static_cast<std::size_t>(r)][t];
                maskA[r][static_cast<std::int64_t>(t)] = 1;
            }
        ids = ids.to(decoder.device());
        mask = mask.to(decoder.device());
        torch::Tensor sum = first.gather(1, ids.narrow(1, 0, 1)).squeeze(1); // [b]
        if (T > 1) {
            // Rewind the cache to the inputs: each set writes its tokens after them.
            for (nn::LayerKvCache& l : cache.layers)
                l.length = length;
            cache.keyMask = keyMask;
            cache.validCount = validCount;
            nn::DecoderInput t;
            t.inputIds = ids.narrow(1, 0, T - 1); // token t predicts token t + 1
            t.attentionMask = mask.narrow(1, 0, T - 1);
            t.cache = &cache;
            const torch::Tensor hidden = decoder.hiddenStates(t); // [b, T-1, h]
            const torch::Tensor sel = mask.narrow(1, 1, T - 1).to(torch::kBool);
            sum = sum + sumPerRow(tokenLogProbs(decoder.logits(hidden.index({sel})), ids.narrow(1, 1, T - 1).index({sel})), sel);
        }
        out.push_back(sum);
    }
    return out;
}

torch::Tensor lossFromLogits(const torch::Tensor& logits, const torch::Tensor& labels)
{
    const auto v = logits.size(2);
    const torch::Tensor l = logits.slice(1, 0, logits.size(1) - 1).reshape({-1, v}).to(torch::kFloat32);
    const torch::Tensor y = labels.slice(1, 1).reshape({-1});
    return torch::nn::functional::cross_entropy(
        l, y, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(kIgnoreLabel));
}

torch::Tensor promptEmbeddings(nn::LlamaDecoderImpl& decoder, const torch::Tensor& prefix,
                               const std::vector<std::int64_t>& promptIds)
{
    DecoderSequence s{prefix, promptIds, {}};
    return buildDecoderBatch(decoder, {s}).inputsEmbeds;
}

} // namespace persona::methods
