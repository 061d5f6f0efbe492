#include "ui/views/method_view.h"

#include "core/api/methods.h"
#include "ui/workers/loaded_dataset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <exception>

namespace persona::ui {

namespace {
QComboBox* idCombo(const QStringList& ids, QString (*label)(const QString&), QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    for (const QString& id : ids)
        combo->addItem(label(id), id);
    return combo;
}

void selectData(QComboBox* combo, const QVariant& value)
{
    const int index = combo->findData(value);
    if (index >= 0)
        combo->setCurrentIndex(index);
}
} // namespace

MethodView::MethodView(QWidget* parent)
    : QWidget(parent)
{
    const MethodRanges ranges = methodRanges();
    m_preset = new QComboBox(this);
    for (const MethodPreset& preset : methodPresets())
        m_preset->addItem(preset.name);
    auto* apply = new QPushButton(tr("Apply Preset"), this);
    connect(apply, &QPushButton::clicked, this, [this] { applyPreset(m_preset->currentText()); });
    m_presetDescription = new QLabel(this);
    m_presetDescription->setWordWrap(true);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QList<MethodPreset> presets = methodPresets();
        m_presetDescription->setText(index >= 0 && index < presets.size() ? presets[index].description : QString());
    });

    m_method = idCombo(methodIds(), methodLabel, this);
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_adapter = idCombo(adapterIds(), adapterLabel, this);
    m_decoder = idCombo(decoderModeIds(), decoderModeLabel, this);
    m_decoder->setObjectName(QStringLiteral("decoderModeCombo"));
    m_standardize = new QCheckBox(tr("Standardi&ze item vectors"), this);
    m_standardize->setObjectName(QStringLiteral("standardizeCheck"));
    m_standardize->setToolTip(tr("Centre each item-vector value and divide it by its spread over the training users "
                                 "before the adapter. Not in the PERSOMA paper; the CPU-sized runs in docs/results.md read "
                                 "the history only with it"));
    m_history = new QSpinBox(this);
    m_history->setRange(1, ranges.maxHistory);
    m_sampling = new QComboBox(this);
    for (data::SamplingStrategy s : data::allSamplingStrategies())
        m_sampling->addItem(samplingLabel(s), static_cast<int>(s));
    m_promptContent = new QComboBox(this);
    m_promptContent->setObjectName(QStringLiteral("promptContentCombo"));
    m_promptContent->addItem(tr("Items"), QStringLiteral("history"));
    m_promptContent->addItem(tr("Profile"), QStringLiteral("profile"));
    m_promptContent->addItem(tr("Profile and items"), QStringLiteral("profile-history"));
    m_promptContent->setToolTip(tr("Profile-augmented prompting: what a text prompt shows of the sampled history: the "
                                   "items one per line, their profile (per-genre counts and mean ratings, the highest "
                                   "and lowest rated), or both. Methods that read the history as soft tokens ignore it"));
    m_learningRate = new QDoubleSpinBox(this);
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(ranges.minLearningRate, ranges.maxLearningRate);
    m_learningRate->setSingleStep(1e-4);
    m_steps = new QSpinBox(this);
    m_steps->setObjectName(QStringLiteral("stepsSpin"));
    m_steps->setRange(0, ranges.maxSteps);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, ranges.maxBatch);
    m_device = new QComboBox(this);
    m_device->addItem(QStringLiteral("cpu"));
    m_dtype = new QComboBox(this);
    m_dtype->setObjectName(QStringLiteral("dtypeCombo"));
    m_dtype->addItem(tr("float32"), QStringLiteral("float32"));
    m_dtype->addItem(tr("bfloat16 (faster on recent CPUs and GPUs)"), QStringLiteral("bfloat16"));
    m_dtype->addItem(tr("auto (bfloat16 where this machine computes it natively, else float32)"), QStringLiteral("auto"));
    m_dtype->setToolTip(tr("Precision of the decoder's weights and activations; adapters and task prompts stay float32"));

    m_task = new QComboBox(this);
    m_task->setObjectName(QStringLiteral("taskCombo"));
    m_task->addItem(tr("Genre preferences"), QStringLiteral("genres"));
    m_task->addItem(tr("Next item (free text)"), QStringLiteral("next-item"));
    m_task->setToolTip(tr("What the model learns to write: the user's liked and not-liked genres, or the title of "
                          "the next item in the history (scored with ROUGE-1, ROUGE-L and Persona-F1)"));

    auto* presetBox = new QGroupBox(tr("Preset"), this);
    auto* presetLayout = new QVBoxLayout(presetBox);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(m_preset, 1);
    presetRow->addWidget(apply);
    presetLayout->addLayout(presetRow);
    presetLayout->addWidget(m_presetDescription);

    auto* methodBox = new QGroupBox(tr("Method"), this);
    auto* form = new QFormLayout(methodBox);
    form->addRow(tr("&Method:"), m_method);
    form->addRow(tr("Tas&k:"), m_task);
    auto* adapterRow = new QHBoxLayout;
    adapterRow->addWidget(m_adapter, 1);
    adapterRow->addWidget(m_standardize);
    auto* adapterLabel = new QLabel(tr("&Adapter:"), this);
    adapterLabel->setBuddy(m_adapter); // a row holding a layout gets no buddy by itself
    form->addRow(adapterLabel, adapterRow);
    form->addRow(tr("&Decoder:"), m_decoder);
    form->addRow(tr("&History size:"), m_history);
    // The prompt's content shares the sampling row: both say what the method is shown of the history.
    auto* samplingRow = new QHBoxLayout;
    samplingRow->addWidget(m_sampling, 1);
    auto* contentLabel = new QLabel(tr("Pr&ompt:"), this);
    contentLabel->setBuddy(m_promptContent);
    samplingRow->addWidget(contentLabel);
    samplingRow->addWidget(m_promptContent, 1);
    auto* samplingTitle = new QLabel(tr("&Sampling:"), this);
    samplingTitle->setBuddy(m_sampling);
    form->addRow(samplingTitle, samplingRow);

    auto* trainBox = new QGroupBox(tr("Training"), this);
    auto* trainForm = new QFormLayout(trainBox);
    trainForm->addRow(tr("&Learning rate:"), m_learningRate);
    trainForm->addRow(tr("S&teps:"), m_steps);
    trainForm->addRow(tr("&Batch size:"), m_batch);
    trainForm->addRow(tr("D&evice:"), m_device);
    trainForm->addRow(tr("&Precision:"), m_dtype);

    m_preview = new QPlainTextEdit(this);
    m_preview->setReadOnly(true);
    m_preview->setObjectName(QStringLiteral("configPreview"));
    m_preview->setToolTip(tr("The full config Start runs; the Training view adds a fresh outputDir beside the store"));
    auto* previewBox = new QGroupBox(tr("Run config"), this);
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);

    auto* left = new QVBoxLayout;
    left->addWidget(presetBox);
    left->addWidget(methodBox);
    left->addWidget(trainBox);
    left->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addWidget(previewBox, 3);

    for (QComboBox* combo : {m_method, m_task, m_adapter, m_decoder, m_sampling, m_promptContent, m_device, m_dtype})
        connect(combo, &QComboBox::currentIndexChanged, this, &MethodView::onChanged);
    for (QSpinBox* spin : {m_history, m_steps, m_batch})
        connect(spin, &QSpinBox::valueChanged, this, &MethodView::onChanged);
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &MethodView::onChanged);
    connect(m_standardize, &QCheckBox::toggled, this, &MethodView::onChanged);

    m_presetDescription->setText(methodPresets().value(0).description);
    setSettings(defaultMethodSettings());
}

MethodSettings MethodView::settings() const
{
    MethodSettings s;
    s.method = m_method->currentData().toString();
    s.adapter = m_adapter->currentData().toString();
    s.decoderMode = m_decoder->currentData().toString();
    s.historySize = m_history->value();
    s.sampling = static_cast<data::SamplingStrategy>(m_sampling->currentData().toInt());
    s.promptContent = m_promptContent->currentData().toString();
    s.learningRate = m_learningRate->value();
    s.steps = m_steps->value();
    s.batchSize = m_batch->value();
    s.device = m_device->currentText();
    s.dtype = m_dtype->currentData().toString();
    s.task = m_task->currentData().toString();
    s.standardizeItems = m_standardize->isChecked();
    s.preset = m_basePreset;
    s.minItemRatings = m_minItemRatings;
    return s;
}

void MethodView::setSettings(const MethodSettings& s)
{
    m_updating = true;
    selectData(m_method, s.method);
    selectData(m_adapter, s.adapter);
    selectData(m_decoder, s.decoderMode);
    m_history->setValue(s.historySize);
    selectData(m_sampling, static_cast<int>(s.sampling));
    selectData(m_promptContent, s.promptContent);
    m_learningRate->setValue(s.learningRate);
    m_steps->setValue(s.steps);
    m_batch->setValue(s.batchSize);
    int device = m_device->findText(s.device);
    if (device < 0 && s.device == QLatin1String("cuda"))
        device = m_device->findText(QStringLiteral("cuda:0"));
    m_device->setCurrentIndex(device >= 0 ? device : 0); // a missing GPU falls back to the CPU
    selectData(m_dtype, s.dtype);
    selectData(m_task, s.task);
    m_standardize->setChecked(s.standardizeItems);
    m_basePreset = s.preset;
    m_minItemRatings = s.minItemRatings;
    m_updating = false;
    onChanged();
}

void MethodView::setDevices(const QStringList& devices, bool cpuBFloat16)
{
    const MethodSettings current = settings();
    m_updating = true;
    m_dtype->setItemText(1, cpuBFloat16 ? tr("bfloat16 (faster on recent CPUs and GPUs)")
                                        : tr("bfloat16 (slow on this CPU, which lacks AVX512-BF16; fast on GPUs)"));
    m_device->clear();
    m_device->addItems(devices.isEmpty() ? QStringList{QStringLiteral("cpu")} : devices);
    m_updating = false;
    setSettings(current);
}

bool MethodView::applyPreset(const QString& name)
{
    for (const MethodPreset& preset : methodPresets()) {
        if (preset.name == name) {
            m_preset->setCurrentText(name);
            MethodSettings s = preset.settings;
            s.minItemRatings = m_minItemRatings; // the dataset's item filter is the Data view's, not the preset's
            setSettings(s);
            return true;
        }
    }
    return false;
}

void MethodView::setDatasetPath(const QString& path)
{
    if (path == m_datasetPath)
        return;
    m_datasetPath = path;
    onChanged();
}

nlohmann::json MethodView::runConfig() const
{
    return persona::ui::runConfig(settings(), m_datasetPath);
}

QString MethodView::previewText() const
{
    return m_preview->toPlainText();
}

void MethodView::updateEnabled()
{
    // What the chosen method reads and whether it trains, from the core's registry: text prompting
    // with a frozen decoder is zero-shot (nothing to train); MiLP places its own LoRA.
    const std::string family = m_method->currentData().toString().toStdString();
    const std::string mode = m_decoder->currentData().toString().toStdString();
    bool soft = false, decoder = false, trains = false, text = false;
    try {
        const api::MethodInfo chosen = api::methodInfo(api::resolveMethod(family, mode));
        soft = chosen.reads("persoma");
        decoder = api::methodInfo(family).reads("decoder");
        trains = chosen.trains;
        text = chosen.textPrompt;
    } catch (const std::exception&) {
        // not a core method: leave everything off; the preview says why the config cannot be built
    }
    m_adapter->setEnabled(soft);
    m_standardize->setEnabled(soft);
    m_decoder->setEnabled(decoder);
    m_promptContent->setEnabled(text);
    m_learningRate->setEnabled(trains);
    m_steps->setEnabled(trains);
    m_batch->setEnabled(trains);
}

void MethodView::onChanged()
{
    if (m_updating)
        return;
    updateEnabled();
    const MethodSettings s = settings();
    QString text;
    try {
        text = QString::fromStdString(runConfig().dump(2));
    } catch (const std::exception& e) {
        text = tr("The config cannot be built: %1").arg(QString::fromUtf8(e.what()));
    }
    m_preview->setPlainText(text);
    emit settingsChanged(s);
}

} // namespace persona::ui
