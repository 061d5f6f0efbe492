// Sorting and filtering of the Runs view's tables (the runs, a run's predictions): sorts numbers
// as numbers (kSortRole, which their models answer), and keeps the rows that match every word of the filter text. A word matches a row
// when some column's text contains it (case-insensitive); "setting=value" asks that the column
// headed "setting" (or ending in ".setting": "historySize=50") reads exactly "value", and
// "metric>0.2" / "metric<0.2" compare a number column. A group stays while any of its runs does.
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace persona::ui {

// The role a table model answers with a sortable value: numbers as numbers, times as milliseconds.
inline constexpr int kSortRole = Qt::UserRole + 2;

class ColumnFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ColumnFilterProxy(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    // The words of the filter that name no column of the table ("histroySize=5"), for the view
    // to say so instead of showing an empty table without a reason.
    QStringList unknownColumns() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    struct Term {
        QString column; // empty: any column contains `value`
        QChar op;       // '=', '<', '>' (with a column)
        QString value;
    };
    int columnFor(const QString& name) const;

    QString m_text;
    QList<Term> m_terms;
};

} // namespace persona::ui
