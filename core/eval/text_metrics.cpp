#include "core/eval/text_metrics.h"

#include <algorithm>
#include <unordered_map>

namespace persona::eval {

namespace {

RougeScore fromOverlap(double overlap, std::size_t referenceLength, std::size_t candidateLength)
{
    RougeScore s;
    if (referenceLength == 0 || candidateLength == 0)
        return s;
    s.precision = overlap / static_cast<double>(candidateLength);
    s.recall = overlap / static_cast<double>(referenceLength);
    s.fmeasure = s.precision + s.recall > 0.0 ? 2.0 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    return s;
}

} // namespace

std::vector<std::string> rougeTokens(std::string_view text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            cur.push_back(c);
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

RougeScore rouge1(std::string_view reference, std::string_view candidate)
{
    const auto ref = rougeTokens(reference);
    const auto cand = rougeTokens(candidate);
    std::unordered_map<std::string, std::size_t> counts;
    for (const auto& t : ref)
        ++counts[t];
    std::size_t overlap = 0;
    for (const auto& t : cand) {
        auto it = counts.find(t);
        if (it != counts.end() && it->second > 0) {
            --it->second;
            ++overlap;
        }
    }
    return fromOverlap(static_cast<double>(overlap), ref.size(), cand.size());
}

RougeScore rougeL(std::string_view reference, std::string_view candidate)
{
    const auto ref = rougeTokens(reference);
    const auto cand = rougeTokens(candidate);
    // One row of the LCS table at a time: O(|ref| * |cand|) time, O(|cand|) memory.
    std::vector<std::size_t> prev(cand.size() + 1, 0), cur(cand.size() + 1, 0);
    for (std::size_t i = 1; i <= ref.size(); ++i) {
        for (std::size_t j = 1; j <= cand.size(); ++j)
            cur[j] = ref[i - 1] == cand[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return fromOverlap(static_cast<double>(prev[cand.size()]), ref.size(), cand.size());
}

double personaF1(std::string_view output, std::string_view historyText)
{
    return rouge1(historyText, output).fmeasure;
}

} // namespace persona::eval
