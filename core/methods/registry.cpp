#include "core/methods/registry.h"

#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/methods/counting/counting_method.h"
#include "core/methods/milp/milp_method.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/methods/text/text_prompt_method.h"
#include "core/methods/user_llm/user_llm_method.h"

#include <algorithm>

namespace persona::methods {

const std::vector<const MethodSpec*>& methodSpecs()
{
    static const std::vector<const MethodSpec*> specs{&persomaSpec(), &textSpec(), &zeroShotSpec(), &countingSpec(),
                                                      &milpSpec(), &userLlmSpec()};
    return specs;
}

const MethodSpec& findMethod(std::string_view name)
{
    for (const MethodSpec* s : methodSpecs())
        if (s->isCalled(name))
            return *s;
    throw ConfigError("run config: unknown method '" + std::string(name) + "' (expected " + methodChoices() + ")");
}

const MethodSpec& defaultMethod()
{
    return *methodSpecs().front();
}

std::string methodChoices()
{
    std::vector<std::string> names;
    for (const MethodSpec* s : methodSpecs())
        names.emplace_back(s->name);
    return joinChoices(names);
}

bool MethodSpec::reads(const std::string& section) const
{
    return std::any_of(sections.begin(), sections.end(), [&](const char* s) { return section == s; });
}

bool MethodSpec::isCalled(std::string_view nameOrAlias) const
{
    return nameOrAlias == name ||
           std::any_of(aliases.begin(), aliases.end(), [&](const char* a) { return a && nameOrAlias == a; });
}

} // namespace persona::methods
