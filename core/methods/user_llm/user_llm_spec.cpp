// User-LLM in the method registry: built from the "userLlm" and "decoder" sections over the
// history encoder's item vectors (it reads the user as vectors, so a run loads the encoder); the
// decoder's prompt is the task instruction alone.
#include "core/methods/item_encoder.h"
#include "core/methods/method_spec.h"
#include "core/methods/user_llm/user_llm_method.h"

namespace persona::methods {

const MethodSpec& userLlmSpec()
{
    static const MethodSpec spec{
        .name = "user-llm",
        .aliases = {"userllm"},
        .family = "user-llm",
        .title = "User-LLM (cross-attention)",
        .input = InputKind::SoftPrompt,
        .trains = true,
        .nextItem = true,
        .labelIsName = true,
        .sections = {"userLlm", "decoder"},
        .create = [](BuildContext& c) -> std::unique_ptr<Method> {
            return std::make_unique<UserLlmMethod>(c.decoder, *c.tokenizer, c.history->itemDim(), c.sections.userLlm,
                                                   c.sections.decoder.mode, c.sections.decoder.lora);
        },
    };
    return spec;
}

} // namespace persona::methods
