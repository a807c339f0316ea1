## عروض العمل: القائمة ومرشحاتها وحالة التحديث وصفحة العرض.

offers-title = عروض العمل
offers-search-label = البحث في العروض
offers-search-placeholder = المهنة، المستخدم، المدينة…
offers-filter-wilaya = الولاية
offers-filter-any-wilaya = كل الولايات
offers-filter-group = المهنة
offers-filter-any-group = كل المهن
offers-filter-contract = العقد
offers-filter-any-contract = كل العقود
offers-filter-published = تاريخ النشر
offers-filter-any-time = في أي وقت
offers-filter-days = { $days ->
        [one] خلال اليوم الأخير
        [two] خلال اليومين الأخيرين
        [few] خلال آخر { $days } أيام
       *[other] خلال آخر { $days } يوما
    }
offers-count = { $count ->
        [0] لا توجد عروض
        [one] عرض واحد
        [two] عرضان
        [few] { $count } عروض
       *[other] { $count } عرضا
    }
offers-results = { $count ->
        [one] عرض واحد
        [two] عرضان
        [few] { $count } عروض
       *[other] { $count } عرضا
    }
offers-updated = آخر تحديث { $minutes ->
        [0] منذ أقل من دقيقة
        [one] منذ دقيقة
        [two] منذ دقيقتين
        [few] منذ { $minutes } دقائق
       *[other] منذ { $minutes } دقيقة
    }
offers-never-updated = لم يتم التحميل بعد
offers-syncing = جار التحديث…
offers-first-sync-progress = العروض المستلمة: { $received } من { $total }…
offers-first-sync-received = العروض المستلمة: { $received }…
offers-sync-failed = تعذر التحديث: هذه هي العروض الموجودة على هذا الجهاز
offers-loading = جار تحميل العروض…
offers-storage-unavailable = لا يمكن لهذا الجهاز حفظ العروض. يرجى التوجه إلى الشباك.
offers-empty-title = لا توجد عروض على هذا الجهاز حاليا
offers-empty-body = يتم تحميلها بمجرد الاتصال بالوكالة. في انتظار ذلك، توجهوا إلى الشباك.
offers-no-match-title = لا يوجد عرض يطابق بحثكم
offers-no-match-body = جربوا كلمات أقل أو أزيلوا أحد المرشحات. يمكن للشباك أيضا مساعدتكم.
offers-clear-filters = مسح البحث والمرشحات
offers-show-more = عرض المزيد
offers-published-days = { $days ->
        [0] نشر اليوم
        [one] نشر أمس
        [two] نشر منذ يومين
        [few] نشر منذ { $days } أيام
       *[other] نشر منذ { $days } يوما
    }
offers-expires-days = { $days ->
        [0] ينتهي اليوم
        [one] ينتهي غدا
        [two] ينتهي بعد يومين
        [few] ينتهي بعد { $days } أيام
       *[other] ينتهي بعد { $days } يوما
    }
offers-back-to-list = العودة إلى العروض
offers-detail-not-found-title = العرض غير متوفر
offers-detail-not-found-body = انتهى هذا العرض أو تم سحبه، أو لم يصل بعد إلى هذا الجهاز. يرجى التوجه إلى الشباك.
offers-detail-employer = المستخدم
offers-detail-place = مكان العمل
offers-detail-occupation = المهنة
offers-detail-sector = القطاع
offers-detail-contract = العقد
offers-detail-working-time = مدة العمل
offers-detail-experience = الخبرة المطلوبة
offers-detail-education = المستوى الدراسي المطلوب
offers-detail-positions = عدد المناصب
offers-detail-salary = الأجر الشهري
offers-detail-licence = رخصة السياقة
offers-detail-disabled = مفتوح لذوي الاحتياجات الخاصة
offers-detail-description = الوصف
offers-working-time-full = دوام كامل
offers-working-time-part = دوام جزئي
offers-working-time-shifts = عمل بالمناوبة
offers-experience = { $years ->
        [0] غير مطلوبة
        [one] سنة واحدة
        [two] سنتان
        [few] { $years } سنوات
       *[other] { $years } سنة
    }
offers-education-none = دون شهادة
offers-education-primary = ابتدائي
offers-education-middle = متوسط
offers-education-secondary = ثانوي
offers-education-baccalaureate = بكالوريا
offers-education-vocational = تكوين مهني (CAP، CMP، BT، BTS)
offers-education-licence = ليسانس
offers-education-master = ماستر
offers-education-doctorate = دكتوراه
offers-salary-range = من { $min } إلى { $max } دج
offers-salary-unknown = غير محدد
offers-licence = صنف { $category }
offers-licence-none = غير مطلوبة
offers-yes = نعم
offers-no = لا
offers-apply-title = كيفية الترشح
offers-apply-at-agency = توجهوا إلى الشباك: سيقترح مستشار ترشحكم على المستخدم.
offers-apply-direct = الترشح مباشرة لدى المستخدم:
offers-apply-desk-help = يمكن للشباك أيضا مساعدتكم على الترشح.
offers-reference = مرجع العرض: { $reference }
