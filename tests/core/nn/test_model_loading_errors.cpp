// Tests that loading a broken model (wrong tensor shape, missing tensor, unknown architecture,
// missing or malformed config.json, truncated files) fails with a typed error naming the file.
// The broken files are written with the core's own GGUF and safetensors writers.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12 reports std::string's operator+(const char*, std::string&&) as an overlapping memcpy
// (-Wrestrict, GCC bug 105651, fixed in GCC 13).
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "core/api/models.h"
#include "core/common/error.h"
#include "core/common/log.h"
#include "core/io/gguf_writer.h"
#include "core/io/safetensors_writer.h"
#include "core/nn/weight_map.h"
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace persona;
using nn_test::throwsNaming;

namespace {

nn::LlamaConfig tinyConfig()
{
    nn::LlamaConfig c;
    c.vocabSize = 40;
    c.hidden = 16;
    c.intermediate = 24;
    c.layers = 2;
    c.heads = 2;
    c.kvHeads = 1;
    c.headDim = 8;
    c.tiedEmbeddings = true;
    return c;
}

std::vector<float> values(const std::vector<std::int64_t>& shape)
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return std::vector<float>(static_cast<std::size_t>(n), 0.01f);
}

struct Mutation {
    std::string skip;                         // tensor left out
    std::string reshape;                      // tensor given one more row
    std::string architecture = "llama";
    int heads = -1; // attention.head_count written instead of the config's (when >= 0)
};

void writeGguf(const std::string& path, const Mutation& m)
{
    const nn::LlamaConfig c = tinyConfig();
    io::GgufWriter w;
    w.setString("general.architecture", m.architecture);
    const std::string a = m.architecture;
    w.setUInt32(a + ".block_count", static_cast<std::uint32_t>(c.layers));
    w.setUInt32(a + ".embedding_length", static_cast<std::uint32_t>(c.hidden));
    w.setUInt32(a + ".feed_forward_length", static_cast<std::uint32_t>(c.intermediate));
    w.setUInt32(a + ".attention.head_count", static_cast<std::uint32_t>(m.heads >= 0 ? m.heads : c.heads));
    w.setUInt32(a + ".attention.head_count_kv", static_cast<std::uint32_t>(c.kvHeads));
    w.setFloat32(a + ".rope.freq_base", 10000.0f);
    w.setUInt32(a + ".rope.dimension_count", static_cast<std::uint32_t>(c.headDim)); // as real files have it
    w.setFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f);
    for (auto e : nn::llamaWeightMap(c, nn::CheckpointFormat::Gguf)) {
        if (e.checkpointName == m.skip)
            continue;
        if (e.checkpointName == m.reshape)
            e.shape[0] += 2;
        w.addTensorF32(e.checkpointName, e.shape, values(e.shape));
    }
    w.write(path);
}

void writeHfFolder(const std::string& folder, const Mutation& m, const std::string& configText = {})
{
    std::filesystem::create_directories(folder);
    const nn::LlamaConfig c = tinyConfig();
    io::SafetensorsWriter w;
    for (auto e : nn::llamaWeightMap(c, nn::CheckpointFormat::HuggingFace)) {
        if (e.checkpointName == m.skip)
            continue;
        if (e.checkpointName == m.reshape)
            e.shape[0] += 2;
        w.add(e.checkpointName, e.shape, values(e.shape));
    }
    w.write(folder + "/model.safetensors");
    nlohmann::json config = {{"model_type", m.architecture}, {"vocab_size", c.vocabSize}, {"hidden_size", c.hidden},
                             {"intermediate_size", c.intermediate}, {"num_hidden_layers", c.layers},
                             {"num_attention_heads", c.heads}, {"num_key_value_heads", c.kvHeads},
                             {"tie_word_embeddings", true}};
    std::ofstream(folder + "/config.json") << (configText.empty() ? config.dump() : configText);
}

} // namespace

class TestModelLoadingErrors : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void validFilesLoad()
    {
        writeGguf(path("ok.gguf"), {});
        writeHfFolder(path("ok"), {});
        QCOMPARE(runtime::loadDecoder(path("ok.gguf"), {"cpu"}).config.layers, 2);
        QCOMPARE(runtime::loadDecoder(path("ok"), {"cpu"}).config.kvHeads, 1);
    }

    // bfloat16 loads everywhere; where this CPU lacks native bf16 the load warns, naming the file.
    void bfloat16OnCpuWarnsWhereSlow()
    {
        writeGguf(path("bf16.gguf"), {});
        std::vector<std::string> warnings;
        log::setSink([&](log::Level level, const std::string& text) {
            if (level == log::Level::Warning)
                warnings.push_back(text);
        });
        const auto decoder = runtime::loadDecoder(path("bf16.gguf"), {"cpu", runtime::DType::BFloat16});
        log::setSink(nullptr);
        QCOMPARE(decoder.dtype, runtime::DType::BFloat16);
        QCOMPARE(warnings.size(), std::size_t(runtime::cpuHasNativeBFloat16() ? 0 : 1));
        if (!warnings.empty())
            QVERIFY(warnings[0].find(path("bf16.gguf")) == 0 && warnings[0].find("float32") != std::string::npos);
    }

    void ggufWrongShape()
    {
        writeGguf(path("shape.gguf"), {"", "blk.1.attn_k.weight"});
        QVERIFY(throwsNaming<ShapeError>([&] { runtime::loadDecoder(path("shape.gguf"), {"cpu"}); },
                                         {path("shape.gguf"), "blk.1.attn_k.weight", "[10, 16]", "expected [8, 16]"}));
    }

    void ggufMissingTensor()
    {
        writeGguf(path("missing.gguf"), {"blk.1.ffn_down.weight", ""});
        QVERIFY(throwsNaming<FormatError>([&] { runtime::loadDecoder(path("missing.gguf"), {"cpu"}); },
                                          {path("missing.gguf"), "blk.1.ffn_down.weight"}));
    }

    void ggufZeroHeads()
    {
        // Reported as a rotary-dimension mismatch before (the head dimension divided by 0 heads).
        Mutation m;
        m.heads = 0;
        writeGguf(path("heads0.gguf"), m);
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("heads0.gguf"), {"cpu"}); },
                                          {path("heads0.gguf"), "head_count", "at least one attention head"}));
    }

    void ggufUnknownArchitecture()
    {
        writeGguf(path("arch.gguf"), {"", "", "gpt2"});
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("arch.gguf"), {"cpu"}); },
                                          {path("arch.gguf"), "'gpt2'"}));
    }

    void truncatedGguf()
    {
        writeGguf(path("full.gguf"), {});
        const auto size = std::filesystem::file_size(path("full.gguf"));
        std::filesystem::copy_file(path("full.gguf"), path("cut.gguf"));
        std::filesystem::resize_file(path("cut.gguf"), size / 2);
        QVERIFY(throwsNaming<FormatError>([&] { runtime::loadDecoder(path("cut.gguf"), {"cpu"}); }, {path("cut.gguf")}));
    }

    void safetensorsMissingTensor()
    {
        writeHfFolder(path("st_missing"), {"model.layers.0.mlp.up_proj.weight", ""});
        QVERIFY(throwsNaming<FormatError>([&] { runtime::loadDecoder(path("st_missing"), {"cpu"}); },
                                          {"st_missing", "model.layers.0.mlp.up_proj.weight"}));
    }

    void safetensorsWrongShape()
    {
        writeHfFolder(path("st_shape"), {"", "model.embed_tokens.weight"});
        QVERIFY(throwsNaming<ShapeError>([&] { runtime::loadDecoder(path("st_shape"), {"cpu"}); },
                                         {"st_shape", "model.embed_tokens.weight", "[42, 16]", "[40, 16]"}));
    }

    void safetensorsOffsetsOutsideFile()
    {
        writeHfFolder(path("st_cut"), {});
        const std::string file = path("st_cut") + "/model.safetensors";
        std::filesystem::resize_file(file, std::filesystem::file_size(file) - 100);
        QVERIFY(throwsNaming<FormatError>([&] { runtime::loadDecoder(path("st_cut"), {"cpu"}); }, {"model.safetensors"}));
    }

    void configMissing()
    {
        writeHfFolder(path("noconfig"), {});
        std::filesystem::remove(path("noconfig") + "/config.json");
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("noconfig"), {"cpu"}); },
                                          {path("noconfig"), "config.json"}));
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadEncoder(path("noconfig"), {"cpu"}); }, {"config.json"}));
    }

    void configMalformed()
    {
        writeHfFolder(path("badjson"), {}, "{\"model_type\": \"llama\", \"hidden_size\": ");
        QVERIFY(throwsNaming<FormatError>([&] { runtime::loadDecoder(path("badjson"), {"cpu"}); },
                                          {path("badjson") + "/config.json", "JSON"}));
        writeHfFolder(path("nohidden"), {}, "{\"model_type\": \"llama\", \"vocab_size\": 40}");
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("nohidden"), {"cpu"}); },
                                          {"config.json", "hidden_size"}));
        writeHfFolder(path("badheads"), {},
                      "{\"model_type\": \"llama\", \"vocab_size\": 40, \"hidden_size\": 16, \"intermediate_size\": 24, "
                      "\"num_hidden_layers\": 2, \"num_attention_heads\": 3, \"num_key_value_heads\": 2}");
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("badheads"), {"cpu"}); },
                                          {"config.json", "kv head"}));
    }

    void configUnknownArchitecture()
    {
        writeHfFolder(path("mistral"), {"", "", "mistral"});
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("mistral"), {"cpu"}); },
                                          {"config.json", "'mistral'"}));
        // A decoder folder is not an encoder.
        writeHfFolder(path("llama"), {});
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadEncoder(path("llama"), {"cpu"}); }, {"config.json", "'llama'"}));
    }

    // A tokenizer whose ids reach past the embedding table belongs to another model: refused when
    // the model opens (decoder and encoder), naming the path, not at the first out-of-range id.
    void tokenizerLargerThanTheEmbeddingTable()
    {
        writeHfFolder(path("bigvocab"), {}); // 40 rows
        std::filesystem::copy_file(std::string(PERSONA_TEST_DATA) + "/tokenizers/tiny_bpe/tokenizer.json",
                                   path("bigvocab/tokenizer.json"));
        QVERIFY(throwsNaming<ConfigError>([&] { api::TextGenerator::open(path("bigvocab"), {"cpu"}); },
                                          {"bigvocab", "400 tokens", "embedding table has 40 rows"}));

        const std::string bert = path("bert");
        std::filesystem::copy(nn_test::dataPath("tiny_bert"), bert); // 200 rows
        std::string vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n";
        for (int i = 5; i < 250; ++i)
            vocab += "w" + std::to_string(i) + "\n";
        std::ofstream(bert + "/vocab.txt") << vocab;
        QVERIFY(throwsNaming<ConfigError>([&] { api::SentenceEncoder::open(bert, {"cpu"}); },
                                          {"bert", "250 tokens", "embedding table has 200 rows"}));
        // One token fewer than the table is fine.
        vocab.clear();
        vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n";
        for (int i = 5; i < 199; ++i)
            vocab += "w" + std::to_string(i) + "\n";
        std::ofstream(bert + "/vocab.txt") << vocab;
        QVERIFY(api::SentenceEncoder::open(bert, {"cpu"}) != nullptr);
    }

    void pathProblems()
    {
        QVERIFY(throwsNaming<IoError>([&] { runtime::loadDecoder(path("nowhere.gguf"), {"cpu"}); }, {"nowhere.gguf"}));
        std::ofstream(path("notes.txt")) << "hello";
        QVERIFY(throwsNaming<ConfigError>([&] { runtime::loadDecoder(path("notes.txt"), {"cpu"}); }, {"notes.txt"}));
    }
};

QTEST_APPLESS_MAIN(TestModelLoadingErrors)
#include "test_model_loading_errors.moc"
