#include "core/methods/registry.h"

#include "core/common/error.h"
#include "core/methods/counting/counting_method.h"
#include "core/methods/milp/milp_method.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/methods/text/text_prompt_method.h"

#include <algorithm>

namespace persona::methods {

const std::vector<const MethodSpec*>& methodSpecs()
{
    static const std::vector<const MethodSpec*> specs{&persomaSpec(), &textSpec(), &zeroShotSpec(), &countingSpec(),
                                                      &milpSpec()};
    return specs;
}

const MethodSpec& findMethod(std::string_view name)
{
    for (const MethodSpec* s : methodSpecs()) {
        if (name == s->name)
            return *s;
        for (const char* a : s->aliases)
            if (a && name == a)
                return *s;
    }
    throw ConfigError("run config: unknown method '" + std::string(name) + "' (expected " + methodChoices() + ")");
}

const MethodSpec& defaultMethod()
{
    return *methodSpecs().front();
}

std::string methodChoices()
{
    const auto& specs = methodSpecs();
    std::string out;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (i > 0)
            out += i + 1 == specs.size() ? " or " : ", ";
        out += specs[i]->name;
    }
    return out;
}

bool MethodSpec::reads(const std::string& section) const
{
    return std::any_of(sections.begin(), sections.end(), [&](const char* s) { return section == s; });
}

} // namespace persona::methods
