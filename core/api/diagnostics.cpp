#include "core/api/diagnostics.h"
#include "core/common/enum_names.h"
#include "core/store/records.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <cstdio>

namespace persona::api {
namespace {

double number(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

constexpr EnumName<Personalization> kPersonalizationNames[] = {{Personalization::Unknown, "unknown"},
                                                               {Personalization::None, "none"},
                                                               {Personalization::Weak, "weak"},
                                                               {Personalization::Personal, "personal"}};

const char* personalizationName(Personalization p)
{
    return enumName(kPersonalizationNames, p);
}

PersonalizationReport personalizationReport(const nlohmann::json& e)
{
    PersonalizationReport r;
    if (!e.is_object())
        return r;
    r.users = number(e, "users");
    r.distinctOutputs = number(e, "distinctOutputs");
    r.f1 = number(e, "f1");
    r.crossUserF1 = number(e, "crossUserF1");
    r.personalF1 = r.f1 - r.crossUserF1;
    r.lossGap = number(e, "swappedHistoryLoss") - number(e, "loss");
    r.userTokenNorm = number(e, "userTokenNorm");
    r.vocabularyNorm = number(e, "vocabularyNorm");
    r.userTokenSpread = number(e, "userTokenSpread");
    r.readoutF1 = number(e, "readoutF1");
    if (std::isnan(r.users) || r.users < 2 || std::isnan(r.distinctOutputs))
        return r;
    const int users = static_cast<int>(r.users), distinct = static_cast<int>(r.distinctOutputs);
    std::string why;
    if (distinct <= 1) {
        r.level = Personalization::None;
        r.sentence = "Gives every one of the " + std::to_string(users) + " users the same answer: it has learnt the "
                     "population's favourites, not the user.";
    } else if (!std::isnan(r.userTokenSpread) && r.userTokenSpread < 0.01) {
        r.level = Personalization::None;
        r.sentence = "Its soft tokens are the same for every user (they differ by " + fixed(100 * r.userTokenSpread, 2) +
                     " %): the answers do not come from the history.";
    } else {
        if (distinct * 5 < users)
            why = "only " + std::to_string(distinct) + " different answers for " + std::to_string(users) + " users";
        else if (!std::isnan(r.personalF1) && r.personalF1 < 0.02)
            why = "its answers fit other users' truths as well as the user's own";
        else if (!std::isnan(r.lossGap) && r.lossGap < 0.005)
            why = "another user's history changes its loss by almost nothing";
        r.level = why.empty() ? Personalization::Personal : Personalization::Weak;
        if (why.empty())
            r.sentence = "Answers users differently (" + std::to_string(distinct) + " different answers for " +
                         std::to_string(users) + " users)";
        else
            r.sentence = "Barely personal: " + why;
        if (!std::isnan(r.personalF1))
            r.sentence += "; F1 " + fixed(r.f1, 3) + " against " + fixed(r.crossUserF1, 3) + " on other users' truths";
        r.sentence += ".";
    }
    if (!std::isnan(r.userTokenNorm) && !std::isnan(r.vocabularyNorm) && r.vocabularyNorm > 0)
        r.sentence += " User soft tokens at " + fixed(r.userTokenNorm / r.vocabularyNorm, 1) + "x a word's norm.";
    if (!std::isnan(r.readoutF1))
        r.sentence += " Its summary tokens alone spell answers at F1 " + fixed(r.readoutF1, 3) + ".";
    return r;
}

nlohmann::json testMetricsFromStore(const std::vector<store::MetricSummary>& metrics)
{
    static const std::map<std::string, const char*> keys = {
        {"test_users", "users"}, {"test_distinct_outputs", "distinctOutputs"}, {"test_f1", "f1"},
        {"test_cross_user_f1", "crossUserF1"}, {"test_loss", "loss"}, {"test_swapped_history_loss", "swappedHistoryLoss"},
        {"test_user_token_norm", "userTokenNorm"}, {"test_vocabulary_norm", "vocabularyNorm"},
        {"test_user_token_spread", "userTokenSpread"}, {"test_readout_f1", "readoutF1"}};
    nlohmann::json e = nlohmann::json::object();
    for (const store::MetricSummary& m : metrics) {
        const auto it = keys.find(m.name);
        if (it != keys.end() && std::isfinite(m.lastValue))
            e[it->second] = m.lastValue;
    }
    return e;
}

} // namespace persona::api
