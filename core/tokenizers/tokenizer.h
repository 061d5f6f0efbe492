// The common tokenizer interface (text <-> token ids) and the factory that builds one from a GGUF
// file, a Hugging Face tokenizer.json / vocab.txt or a model folder. Leaves out chat formatting
// (chat_template.h) and the models behind each kind (bpe_tokenizer.h, wordpiece_tokenizer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona::io {
class GgufFile;
}

namespace persona::tokenizers {

struct SpecialTokens {
    std::optional<std::int32_t> bos;
    std::optional<std::int32_t> eos;
    std::optional<std::int32_t> pad;
    std::optional<std::int32_t> unk;
    std::optional<std::int32_t> cls;
    std::optional<std::int32_t> sep;
    std::optional<std::int32_t> mask;
};

// Padded batch: ids and attention mask are both [batch, seq]; mask is 1 on real tokens.
struct BatchEncoding {
    std::vector<std::vector<std::int32_t>> ids;
    std::vector<std::vector<std::int32_t>> attentionMask;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // "bpe" or "wordpiece".
    virtual std::string kind() const = 0;
    // Token ids of `text` (invalid UTF-8 is replaced by U+FFFD first). Added/special tokens written
    // in the text are recognised. addSpecial adds what the model expects around a sequence (BERT's
    // [CLS] ... [SEP]; BOS/EOS where the file asks for them). Thread-safe.
    virtual std::vector<std::int32_t> encode(std::string_view text, bool addSpecial = true) const = 0;
    // Text of `ids`; skipSpecial drops special tokens. Ids outside the vocabulary are skipped, and
    // byte sequences that are not valid UTF-8 (a partial decode) come out as U+FFFD.
    virtual std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecial = true) const = 0;
    // The vocabulary string of `id` (byte-level BPE shows its mapped form, e.g. "Ġthe").
    // Throws ConfigError for an id outside [0, vocabSize()).
    virtual std::string idToToken(std::int32_t id) const = 0;
    virtual std::optional<std::int32_t> tokenToId(std::string_view token) const = 0;
    virtual std::size_t vocabSize() const = 0;
    // Whether `id` is a special (control) token.
    virtual bool isSpecial(std::int32_t id) const = 0;

    const SpecialTokens& specialTokens() const { return m_special; }
    void setSpecialTokens(const SpecialTokens& special) { m_special = special; }

    // Token strings of encode(text, addSpecial), for display.
    std::vector<std::string> tokens(std::string_view text, bool addSpecial = true) const;
    // encode() for each text, cut to maxLength ids when maxLength > 0 (with addSpecial a closing
    // special token such as BERT's [SEP] is kept last), padded on the right to the longest with the
    // pad id (else eos, else 0).
    BatchEncoding encodeBatch(const std::vector<std::string>& texts, bool addSpecial = true,
                              std::size_t maxLength = 0) const;

protected:
    SpecialTokens m_special;
};

// Loads a tokenizer from `path`: a .gguf file, a tokenizer.json, a vocab.txt, or a folder holding
// tokenizer.json (preferred) or vocab.txt (and optionally tokenizer_config.json for bos/eos/pad).
// Throws IoError when nothing can be read, FormatError (naming the file) for malformed files and
// ConfigError (naming the file) for missing or unsupported tokenizer descriptions.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path);
// From an open GGUF file's tokenizer.* metadata (tokenizer.ggml.model "gpt2" only).
std::unique_ptr<Tokenizer> loadTokenizer(const io::GgufFile& file);

} // namespace persona::tokenizers
