# Swedish: "10 september 2019", "4 000" (a non-breaking space), "1,2".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
# The weekday with the date (a meeting's time): "torsdag 10 september 2019 kl. 14.00", as the
# Swedish Language Council writes the time; the end time alone "16.00".
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = r"l j F Y \k\l. H.i"
WEEKDAY_TIME_FORMAT = "H.i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
