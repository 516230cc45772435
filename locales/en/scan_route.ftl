# Scanned pages routed by their QR code: why a page was not routed.
# Keep the same ids in ../ja/scan_route.ftl.
route-no-qr = No readable QR code (a blank page, a soiled page, or not one of our forms)
route-unknown-case = Case { $case } is not known here
route-duplicate = Scanned twice: page { $page } of case { $case } ({ $form }) is already there
route-unreadable = The page cannot be read: { $detail }
route-error-io = the file cannot be opened ({ $detail })
route-error-empty = the file is empty
route-error-file-too-large = the file is too large for a scan ({ $megabytes } MB)
route-error-not-scan = not a scan (PDF, TIFF, PNG or JPEG only)
route-error-page-too-large = the page is too large for a scan ({ $width }×{ $height } pixels)
route-error-broken-pdf = the PDF is damaged or cut short ({ $detail })
route-error-encrypted = the PDF is encrypted
route-error-no-pages = the file has no pages
route-error-no-image = the page has no scanned image (a document made by a program, not by a scanner)
route-error-compression = the image is stored as { $detail }, which is not read here: set the scanner to JPEG, grey or colour
route-error-colour = the image's colours ({ $detail }) are not read here: set the scanner to grey or colour
route-error-broken-image = the image is damaged or cut short ({ $detail })
