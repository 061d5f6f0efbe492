// Compare's error browser: steps through the users of the chosen runs' stored predictions (their
// test pass, and the answers Compare saved since) in an order that finds
// errors (a run's lowest F1 first, or the largest F1 gap between two runs first), filtered by a tag
// the analyst gave and by a slice of users (core/api/error_browser.h; the stored test predictions,
// so stepping is instant). Each step asks for the user to be selected (the Data view does it, and
// Compare then shows that user). Leaves out predicting (Compare's Run All).
#pragma once

#include "core/api/error_browser.h"
#include "ui/workers/loaded_dataset.h"

#include <QString>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace persona::ui {

class ErrorBrowserBar : public QWidget {
    Q_OBJECT
public:
    struct Run {
        QString title;      // the column's method ("PERSOMA")
        qint64 storeRunId = 0;
    };

    explicit ErrorBrowserBar(QWidget* parent = nullptr);

    // The chosen columns' store runs (runs without stored test predictions are offered and say so
    // when chosen), the store, the loaded dataset (slices) and the user shown now.
    void setRuns(const QString& storePath, const QVector<Run>& runs);
    void setDataset(DatasetPtr dataset);
    void setCurrentUser(const QString& key);

    void next();
    void previous();

    // For tests and the status line.
    const api::UserRanking& ranking() const { return m_ranking; }
    QComboBox* orderBox() const { return m_order; }
    QComboBox* tagBox() const { return m_tag; }
    QComboBox* sliceBox() const { return m_slice; }
    QString positionText() const;

signals:
    void userRequested(const QString& key);
    void errorOccurred(const QString& title, const QString& message);

private:
    void fillChoices();   // orders, tags and slices for the current runs and dataset
    void rank();          // m_ranking for the chosen order and filters
    void step(int delta);
    int currentIndex() const; // of the shown user in m_ranking, -1 when not in it

    QComboBox* m_order = nullptr;
    QComboBox* m_tag = nullptr;
    QComboBox* m_slice = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_nextButton = nullptr;
    QLabel* m_position = nullptr;
    QString m_storePath;
    QVector<Run> m_runs;
    DatasetPtr m_dataset;
    QString m_user;
    api::UserRanking m_ranking;
    QString m_error;
};

} // namespace persona::ui
