# Danish dates and numbers as Danes write them: "10. september 2019", "4.000", "1,2".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
# The weekday with the date (a meeting's time): "torsdag 10. september 2019 kl. 14.00", the
# time with a full stop as the Danish Language Council writes it; the end time alone "16.00".
WEEKDAY_DATE_FORMAT = "l j. F Y"
WEEKDAY_DATETIME_FORMAT = r"l j. F Y \k\l. H.i"
WEEKDAY_TIME_FORMAT = "H.i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
