// A chat template (tokenizer_config.json's "chat_template", or GGUF's tokenizer.chat_template)
// recognised and applied to a conversation.
#include "fuzz_util.h"

#include "core/tokenizers/chat_template.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::acceptingPersonaErrors([&] {
        const auto t = tokenizers::ChatTemplate::fromSource(std::string(fuzz::view(data, size)), "fuzz input");
        (void)t.apply({{"system", "Be brief."}, {"user", "Which genres?"}, {"assistant", "Drama"}, {"user", "More"}}, true);
        (void)t.apply({{"user", "only"}}, false);
    });
    return 0;
}
