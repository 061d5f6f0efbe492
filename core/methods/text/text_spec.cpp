// Text prompting in the method registry: fine-tuned ("text", the "decoder" section's LoRA or full
// fine-tuning) and zero-shot (a frozen decoder; reads no section).
#include "core/common/error.h"
#include "core/methods/method_spec.h"
#include "core/methods/text/text_prompt_method.h"

namespace persona::methods {

const MethodSpec& textSpec()
{
    static const MethodSpec spec{
        .name = "text",
        .family = "text",
        .title = "Text prompting (fine-tuned)",
        .input = InputKind::Text,
        .trains = true,
        .nextItem = true,
        .needsTrainableDecoder = true,
        .sections = {"decoder"},
        .create = [](BuildContext& c) -> std::unique_ptr<Method> {
            return std::make_unique<TextPromptMethod>(c.decoder, *c.tokenizer, c.sections.decoder.mode,
                                                      c.sections.decoder.lora);
        },
        .validate =
            [](const MethodSections& s) {
                if (s.decoder.mode == DecoderMode::Frozen)
                    throw ConfigError(
                        "run config: method 'text' trains the decoder: use decoder.mode lora or full (or method zero-shot)");
            },
    };
    return spec;
}

const MethodSpec& zeroShotSpec()
{
    static const MethodSpec spec{
        .name = "zero-shot",
        .aliases = {"zeroshot"},
        .family = "text",
        .title = "Text prompting (zero-shot)",
        .input = InputKind::Text,
        .trains = false,
        .nextItem = true,
        .labelIsName = true,
        .sections = {},
        .create = [](BuildContext& c) -> std::unique_ptr<Method> {
            return std::make_unique<TextPromptMethod>(c.decoder, *c.tokenizer, DecoderMode::Frozen);
        },
    };
    return spec;
}

} // namespace persona::methods
