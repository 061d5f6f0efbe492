#include "core/api/explain.h"

#include "core/common/csv.h"

#include <cmath>

namespace persona::api {
namespace {

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string joined(const std::vector<std::string>& list)
{
    std::string out;
    for (const auto& s : list)
        out += (out.empty() ? "" : "; ") + s;
    return out;
}

// The score a person reads for one prediction: F1 for the genre task, ROUGE-L for the next item.
double score(const UserPredictionView& p)
{
    return p.task == "next-item" ? p.rougeL : p.f1;
}

const char* scoreName(const UserPredictionView& p)
{
    return p.task == "next-item" ? "rougeL" : "f1";
}

nlohmann::json variantJson(const UserPredictionView& full, const UserPredictionView& p, double answerDelta,
                           double truthDelta, const std::vector<std::string>& appeared,
                           const std::vector<std::string>& vanished)
{
    nlohmann::json j = {{"output", p.output},
                        {scoreName(p), number(score(p))},
                        {"answerDelta", number(answerDelta)},
                        {"truthDelta", number(truthDelta)},
                        {"changed", answerChanged(full, p, appeared, vanished)}};
    if (p.task != "next-item") {
        j["appeared"] = appeared;
        j["vanished"] = vanished;
    }
    return j;
}

} // namespace

bool answerChanged(const UserPredictionView& full, const UserPredictionView& variant,
                   const std::vector<std::string>& appeared, const std::vector<std::string>& vanished)
{
    return variant.task == "next-item" ? variant.output != full.output : !appeared.empty() || !vanished.empty();
}

nlohmann::json explainJson(const ExplainView& v)
{
    nlohmann::json items = nlohmann::json::array();
    for (const ItemEffectView& x : v.items) {
        nlohmann::json item = {{"position", x.position},
                               {"title", x.title},
                               {"rating", number(x.rating)},
                               {"leftOut", variantJson(v.full, x.leftOut, x.answerDelta, x.truthDelta, x.appeared, x.vanished)}};
        if (x.hasMeanVector)
            item["meanVector"] = variantJson(v.full, x.meanVector, x.meanAnswerDelta, x.meanTruthDelta, x.meanAppeared, x.meanVanished);
        if (!std::isnan(x.salience))
            item["salience"] = x.salience;
        if (!std::isnan(x.attention))
            item["attention"] = x.attention;
        items.push_back(std::move(item));
    }
    return {{"user", v.full.user},
            {"method", v.full.method},
            {"dataset", v.full.dataset},
            {"task", v.full.task},
            {"output", v.full.output},
            {"target", v.full.target},
            {scoreName(v.full), number(score(v.full))},
            {"shownItems", v.full.shownItems},
            {"scored", v.scored},
            {"answerLogProb", number(v.answerLogProb)},
            {"truthLogProb", number(v.truthLogProb)},
            {"answerTokens", v.answerTokens},
            {"seconds", v.seconds},
            {"timing", {{"generate", v.generateSeconds}, {"score", v.scoreSeconds}, {"salience", v.salienceSeconds}}},
            {"items", items}};
}

std::string explainCsv(const ExplainView& v)
{
    std::string out = "position,title,rating,answer_delta,truth_delta,score_without,output_without,appeared,vanished,"
                      "mean_answer_delta,mean_truth_delta,salience,attention\n";
    for (const ItemEffectView& x : v.items)
        out += std::to_string(x.position) + "," + csvField(x.title) + "," + csvNumber(x.rating) + "," +
               csvNumber(x.answerDelta) + "," + csvNumber(x.truthDelta) + "," + csvNumber(score(x.leftOut)) + "," +
               csvField(x.leftOut.output) + "," + csvField(joined(x.appeared)) + "," + csvField(joined(x.vanished)) + "," +
               csvNumber(x.meanAnswerDelta) + "," + csvNumber(x.meanTruthDelta) + "," + csvNumber(x.salience) + "," +
               csvNumber(x.attention) + "\n";
    return out;
}

} // namespace persona::api
