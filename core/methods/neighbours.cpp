#include "core/methods/neighbours.h"

#include "core/common/error.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <cctype>

namespace persona::methods {
namespace {

bool hasLetter(const std::string& s)
{
    for (unsigned char c : s)
        if (c < 0x80 && std::isalpha(c))
            return true;
    return false;
}

} // namespace

NeighbourReport softPromptNeighbours(const torch::Tensor& soft, const torch::Tensor& vocabulary, std::size_t userTokens,
                                     std::int64_t k, double threshold, const tokenizers::Tokenizer* tokenizer)
{
    if (soft.dim() != 2 || vocabulary.dim() != 2 || soft.size(1) != vocabulary.size(1))
        throw ShapeError("softPromptNeighbours: soft tokens [n, hidden] and vocabulary [vocab, hidden] must share hidden");
    const auto vocab = vocabulary.size(0);
    if (k < 1 || k > vocab)
        throw ShapeError("softPromptNeighbours: k must be in [1, " + std::to_string(vocab) + "], got " + std::to_string(k));
    torch::NoGradGuard noGrad;
    const torch::Tensor s = soft.detach().to(torch::kCPU, torch::kFloat32);
    const torch::Tensor v = vocabulary.detach().to(torch::kCPU, torch::kFloat32);
    const torch::Tensor vNorm = v.norm(2, 1);
    torch::Tensor cos = torch::matmul(s / s.norm(2, 1, true).clamp_min(1e-12), (v / vNorm.unsqueeze(1).clamp_min(1e-12)).t());
    if (tokenizer) {
        std::vector<std::int64_t> special;
        for (std::int64_t id = 0; id < vocab && id < static_cast<std::int64_t>(tokenizer->vocabSize()); ++id)
            if (tokenizer->isSpecial(static_cast<std::int32_t>(id)))
                special.push_back(id);
        if (!special.empty())
            cos.index_fill_(1, torch::tensor(special, torch::kInt64), -2.0);
    }
    const auto top = cos.topk(k, 1);
    const torch::Tensor values = std::get<0>(top), indices = std::get<1>(top);
    NeighbourReport report;
    report.threshold = threshold;
    report.meanVocabNorm = vNorm.mean().item<double>();
    std::size_t near = 0;
    for (std::int64_t i = 0; i < s.size(0); ++i) {
        SoftTokenNeighbours t;
        t.index = static_cast<std::size_t>(i);
        t.role = static_cast<std::size_t>(i) < userTokens ? "user" : "task";
        t.norm = s[i].norm().item<double>();
        for (std::int64_t j = 0; j < k; ++j) {
            TokenNeighbour n;
            n.id = indices[i][j].item<std::int64_t>();
            n.cosine = values[i][j].item<double>();
            if (tokenizer && n.id < static_cast<std::int64_t>(tokenizer->vocabSize()))
                n.token = tokenizer->idToToken(static_cast<std::int32_t>(n.id));
            t.neighbours.push_back(std::move(n));
        }
        const auto& best = t.neighbours.front();
        t.nearWord = best.cosine >= threshold && (!tokenizer || hasLetter(best.token));
        near += t.nearWord ? 1 : 0;
        report.tokens.push_back(std::move(t));
    }
    report.nearWordShare = s.size(0) ? static_cast<double>(near) / static_cast<double>(s.size(0)) : 0.0;
    return report;
}

} // namespace persona::methods
