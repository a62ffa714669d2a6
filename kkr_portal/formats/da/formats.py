# Danish dates and numbers as Danes write them: "10. september 2019", "4.000", "1,2".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
