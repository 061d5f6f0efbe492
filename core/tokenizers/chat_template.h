// Chat formatting for ChatML models (SmolLM2-Instruct): turns {role, content} messages into the
// prompt text transformers' apply_chat_template produces. Not a Jinja engine: it recognises the
// ChatML template family (with or without a default system message) and refuses anything else.
#pragma once

#include <string>
#include <vector>

namespace persona::io {
class GgufFile;
}

namespace persona::tokenizers {

struct ChatMessage {
    std::string role;    // "system", "user", "assistant"
    std::string content;
};

class ChatTemplate {
public:
    // Recognises a Jinja chat template. ConfigError naming `origin` when it is not ChatML.
    static ChatTemplate fromSource(const std::string& source, const std::string& origin);
    // From the GGUF's tokenizer.chat_template. ConfigError naming the file when absent or unknown.
    static ChatTemplate fromGguf(const io::GgufFile& file);
    // SmolLM2-Instruct's template, built in.
    static ChatTemplate smolLm2();
    // Plain ChatML without a default system message.
    static ChatTemplate chatMl();

    // The prompt for `messages`; addGenerationPrompt appends the assistant header so the model
    // answers next. When a default system message is set and the first message is not a system
    // message, it is written first.
    std::string apply(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) const;

    const std::string& defaultSystemMessage() const { return m_defaultSystem; }

private:
    std::string m_defaultSystem; // empty: none
};

} // namespace persona::tokenizers
