-- How SQL Server's collation compares text, as PostgreSQL expressions over {value}: the variant for PostgreSQL 9.6 to
-- 12, which have no normalize(). Line 2 removes the accents of the Latin-1 and Latin Extended-A letters by a fixed
-- table instead of Unicode decomposition (accents on other scripts are kept: their duplicates may go unreported).
-- line 1 folds case, line 2 removes accents (after line 1 or on the plain value), line 3 drops trailing spaces.
lower({value}{icu})
translate({value}, 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥÌÍÎÏìíîïĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľÑñŃńŅņŇňÒÓÔÕÖòóôõöŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž', 'AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhIIIIiiiiIiIiIiIiIJjKkLlLlLlNnNnNnNnOOOOOoooooOoOoOoRrRrRrSsSsSsSsTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz')
rtrim({value}, ' ')
