#include "core/methods/method_sections.h"

#include "core/methods/item_encoder.h"

#include <nlohmann/json.hpp>

namespace persona::methods {

const std::vector<SectionSpec>& sectionSpecs()
{
    static const std::vector<SectionSpec> specs{
        {"persoma", true, [](const MethodSections& s) { return s.persoma.toJson(); },
         [](MethodSections& s, const nlohmann::json& j) { s.persoma = PersomaSection::fromJson(j); },
         &PersomaSection::upgradeSaved,
         [](const MethodSections& s, const ItemParts& parts) { s.persoma.validate(parts); }},
        {"decoder", true, [](const MethodSections& s) { return s.decoder.toJson(); },
         [](MethodSections& s, const nlohmann::json& j) { s.decoder = DecoderSection::fromJson(j); }, nullptr,
         [](const MethodSections& s, const ItemParts&) { s.decoder.validate(); }},
        {"milp", false, [](const MethodSections& s) { return s.milp.toJson(); },
         [](MethodSections& s, const nlohmann::json& j) { s.milp = MilpSection::fromJson(j); }, nullptr, nullptr},
        {"userLlm", false, [](const MethodSections& s) { return s.userLlm.toJson(); },
         [](MethodSections& s, const nlohmann::json& j) { s.userLlm = UserLlmSection::fromJson(j); }, nullptr, nullptr},
    };
    return specs;
}

} // namespace persona::methods
