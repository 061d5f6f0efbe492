// MiLP in the method registry: its LoRA modules from the "milp" section; its training puts LoRA on
// the decoder whatever the "decoder" section says. The search over module configurations is MiLP's
// driver (core/methods/milp/search/milp_run.h).
#include "core/methods/method_spec.h"
#include "core/methods/milp/milp_method.h"

namespace persona::methods {

const MethodSpec& milpSpec()
{
    static const MethodSpec spec{
        .name = "milp",
        .family = "milp",
        .title = "MiLP",
        .input = InputKind::Text,
        .trains = true,
        .nextItem = true,
        .sections = {"milp"},
        .create = [](BuildContext& c) -> std::unique_ptr<Method> {
            return std::make_unique<MilpMethod>(c.decoder, *c.tokenizer, c.sections.milp.modules, c.sections.milp.loraScale);
        },
        .trainedDecoderMode = [](const MethodSections&) { return DecoderMode::Lora; },
        .driver = "search",
    };
    return spec;
}

MilpMethod* asMilp(Method& method)
{
    return dynamic_cast<MilpMethod*>(&method);
}

} // namespace persona::methods
